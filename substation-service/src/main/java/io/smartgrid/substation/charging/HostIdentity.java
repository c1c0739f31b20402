package io.smartgrid.substation.charging;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Names for a substation that was given none: in Compose every replica of a scaled service shares one
 * configuration, and only its host name (the container's) tells them apart.
 */
public final class HostIdentity {

    private static final int MAX_ID_LENGTH = 32;
    private static final String PREFIX = "substation-";

    private HostIdentity() {
    }

    /** This machine's (or container's) host name: {@code HOSTNAME} if set, else what the resolver says. */
    public static String localHostname() {
        String fromEnvironment = System.getenv("HOSTNAME");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return fromEnvironment.strip();
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        }
        catch (UnknownHostException ex) {
            return "localhost";
        }
    }

    /**
     * A substation id derived from a host name: {@code substation-<first label>}, lower-cased, every character
     * outside {@code [a-z0-9-]} replaced by a dash, cut to 32 characters. A container {@code 3f2a1b9c0d4e} becomes
     * {@code substation-3f2a1b9c0d4e}; a host already named {@code substation-…} keeps its name.
     */
    public static String substationIdFor(String hostname) {
        String label = hostname.strip().toLowerCase(Locale.ROOT);
        int dot = label.indexOf('.');
        if (dot >= 0) {
            label = label.substring(0, dot);
        }
        label = label.replaceAll("[^a-z0-9-]", "-").replaceAll("-{2,}", "-").replaceAll("^-+|-+$", "");
        String id = label.startsWith(PREFIX) ? label : PREFIX + label;
        if (id.length() > MAX_ID_LENGTH) {
            id = id.substring(0, MAX_ID_LENGTH);
        }
        id = id.replaceAll("-+$", "");
        return id.equals("substation") || id.isEmpty() ? "substation-unnamed" : id;
    }
}
