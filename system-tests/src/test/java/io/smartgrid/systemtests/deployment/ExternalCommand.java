package io.smartgrid.systemtests.deployment;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import io.smartgrid.systemtests.ProjectFiles;

/** Runs a program that ships outside the JDK (docker-compose, promtool, a shell script) in the repository root. */
record ExternalCommand(Path executable) {

    /** The executable on the PATH, if installed. */
    static Optional<ExternalCommand> find(String name) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String directory : path.split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(new ExternalCommand(candidate));
            }
        }
        return Optional.empty();
    }

    Result run(String... arguments) throws IOException, InterruptedException {
        return run(Map.of(), arguments);
    }

    /** Runs with these variables added to (or replacing those of) this process's environment. */
    Result run(Map<String, String> environment, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(this.executable.toString());
        command.addAll(List.of(arguments));
        // The output goes to a file, not a pipe: a process whose output outgrows the pipe's buffer (64 KiB; a rendered
        // overlay is about that) would block on writing while this waits for it to end.
        Path output = Files.createTempFile("external-command-", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(ProjectFiles.root().toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            // A guard against a hung validator, not a speed goal: these finish in a second or two.
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish");
            }
            return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Exit code and combined output. */
    record Result(int exitCode, String output) {
    }
}
