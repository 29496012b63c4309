package io.logpipeline.api.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One {@code -----BEGIN type-----} block of a PEM text: its type, its RFC 1421 headers and its decoded bytes. */
record PemBlock(String type, List<String> headers, byte[] der) {

    private static final Pattern BLOCK = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    /** Every well-formed block of {@code text}, in order; text between blocks (openssl's "Bag Attributes") is skipped. */
    static List<PemBlock> parse(String text) throws InvalidPemException {
        List<PemBlock> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String type = m.group(1);
            List<String> headers = new ArrayList<>();
            StringBuilder base64 = new StringBuilder();
            for (String line : m.group(2).split("\r?\n")) {
                if (line.contains(":")) {
                    headers.add(line.trim());
                } else {
                    base64.append(line.trim());
                }
            }
            try {
                blocks.add(new PemBlock(type, headers, Base64.getDecoder().decode(base64.toString())));
            } catch (IllegalArgumentException e) {
                throw new InvalidPemException("the " + type + " block is not valid base64; copy the PEM text again, whole");
            }
        }
        return blocks;
    }

    /** True for a traditional (PKCS#1 or SEC1) key block encrypted with a passphrase. */
    boolean encrypted() {
        return headers.stream().anyMatch(h -> h.startsWith("Proc-Type:") && h.contains("ENCRYPTED"));
    }
}
