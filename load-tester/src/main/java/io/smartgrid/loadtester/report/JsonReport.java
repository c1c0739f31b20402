package io.smartgrid.loadtester.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The report as JSON, for scripts and for comparing runs. */
public final class JsonReport {

	private static final ObjectMapper JSON = JsonMapper.builder().build();

	private JsonReport() {
	}

	public static String render(RunReport report) {
		return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(report);
	}

	public static void write(RunReport report, Path file) throws IOException {
		Files.writeString(file, render(report));
	}

}
