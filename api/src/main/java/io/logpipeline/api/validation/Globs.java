package io.logpipeline.api.validation;

/** Translates the include/exclude globs of the spec ({@code *}, {@code ?}, {@code **}) into regular expressions. */
public final class Globs {

    private Globs() {
    }

    /**
     * {@code *} matches within one path segment, {@code **} across segments, {@code ?} one character;
     * every other character is literal. For names without {@code /} (namespaces, containers) the two
     * stars behave the same.
     */
    public static String toRegex(String glob) {
        StringBuilder regex = new StringBuilder("^");
        for (int i = 0; i < glob.length(); i++) {
            char c = glob.charAt(i);
            if (c == '*') {
                if (i + 1 < glob.length() && glob.charAt(i + 1) == '*') {
                    regex.append(".*");
                    i++;
                } else {
                    regex.append("[^/]*");
                }
            } else if (c == '?') {
                regex.append("[^/]");
            } else if ("\\.[]{}()+-^$|".indexOf(c) >= 0) {
                regex.append('\\').append(c);
            } else {
                regex.append(c);
            }
        }
        return regex.append('$').toString();
    }
}
