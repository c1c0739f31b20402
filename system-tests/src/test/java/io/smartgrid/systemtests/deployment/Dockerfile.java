package io.smartgrid.systemtests.deployment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.smartgrid.systemtests.ProjectFiles;

/** A Dockerfile read as its instructions, with continuation lines joined and comments dropped. */
record Dockerfile(String path, List<Instruction> instructions) {

    static Dockerfile read(String path) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        for (String line : ProjectFiles.text(path).lines().toList()) {
            String stripped = line.strip();
            if (stripped.startsWith("#") || (stripped.isEmpty() && pending.isEmpty())) {
                continue;
            }
            if (stripped.endsWith("\\")) {
                pending.append(stripped, 0, stripped.length() - 1).append(' ');
                continue;
            }
            pending.append(stripped);
            String text = pending.toString().strip();
            pending.setLength(0);
            if (!text.isEmpty()) {
                int space = text.indexOf(' ');
                instructions.add(new Instruction(text.substring(0, space).toUpperCase(Locale.ROOT), text.substring(space + 1).strip()));
            }
        }
        return new Dockerfile(path, List.copyOf(instructions));
    }

    List<Instruction> all(String keyword) {
        return this.instructions.stream().filter(instruction -> instruction.keyword().equals(keyword)).toList();
    }

    /** The instructions of the last stage: what the image finally is. */
    List<Instruction> finalStage() {
        int lastFrom = 0;
        for (int i = 0; i < this.instructions.size(); i++) {
            if (this.instructions.get(i).keyword().equals("FROM")) {
                lastFrom = i;
            }
        }
        return this.instructions.subList(lastFrom, this.instructions.size());
    }

    /** One instruction: its keyword and the rest of the line. */
    record Instruction(String keyword, String arguments) {

        List<String> words() {
            return Arrays.stream(this.arguments.split("\\s+")).toList();
        }

        /** For COPY/ADD: the value of {@code --from=}, or null for a copy from the build context. */
        String from() {
            return words().stream().filter(word -> word.startsWith("--from=")).map(word -> word.substring("--from=".length()))
                    .findFirst().orElse(null);
        }

        /** For COPY/ADD: the sources, without flags and without the destination. */
        List<String> sources() {
            List<String> operands = words().stream().filter(word -> !word.startsWith("--")).toList();
            return operands.subList(0, operands.size() - 1);
        }
    }
}
