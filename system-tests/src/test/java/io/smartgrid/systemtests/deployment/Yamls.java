package io.smartgrid.systemtests.deployment;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Typed access to the nested maps and lists that SnakeYAML and Jackson produce. */
final class Yamls {

    private Yamls() {
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object node, String what) {
        if (node instanceof Map<?, ?> map) {
            return (Map<String, Object>) map;
        }
        throw new AssertionError(what + " should be a mapping but is " + node);
    }

    static Map<String, Object> mapOrEmpty(Object node, String what) {
        return node == null ? Map.of() : map(node, what);
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object node, String what) {
        if (node instanceof List<?> list) {
            return (List<Object>) list;
        }
        throw new AssertionError(what + " should be a list but is " + node);
    }

    static List<Object> listOrEmpty(Object node, String what) {
        return node == null ? List.of() : list(node, what);
    }

    /** Follows a dotted path of mapping keys; null when any step is missing. */
    static Object at(Map<String, Object> root, String dottedPath) {
        Object node = root;
        for (String key : dottedPath.split("\\.")) {
            if (!(node instanceof Map<?, ?> map)) {
                return null;
            }
            node = map.get(key);
        }
        return node;
    }

    /** Every leaf of a YAML document as a Spring property name, lists as {@code name[i]}. */
    static Map<String, Object> flatten(Map<String, Object> document) {
        Map<String, Object> flat = new LinkedHashMap<>();
        flatten("", document, flat);
        return flat;
    }

    private static void flatten(String prefix, Object node, Map<String, Object> flat) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> flatten(prefix.isEmpty() ? String.valueOf(key) : prefix + "." + key, value, flat));
        }
        else if (node instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                flatten(prefix + "[" + i + "]", list.get(i), flat);
            }
        }
        else {
            flat.put(prefix, node);
        }
    }
}
