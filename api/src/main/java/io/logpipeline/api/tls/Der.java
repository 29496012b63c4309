package io.logpipeline.api.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The few DER (ASN.1) steps that turning PKCS#1 and SEC1 keys into PKCS#8 needs: split an encoding into its
 * elements and write one element. Not a general ASN.1 codec (see {@link PemReader} for why it is hand-written).
 */
final class Der {

    static final int INTEGER = 0x02;
    static final int OCTET_STRING = 0x04;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** {@code [0]} EXPLICIT, as SEC1 tags the curve of an EC key. */
    static final int CONTEXT_0 = 0xa0;

    private Der() {
    }

    /** One type-length-value element: its tag, its whole encoding and its value bytes. */
    record Element(int tag, byte[] encoded, byte[] value) {
    }

    /** The consecutive elements {@code der} consists of; MalformedDerException when the lengths do not add up. */
    static List<Element> elements(byte[] der) {
        List<Element> elements = new ArrayList<>();
        int i = 0;
        while (i < der.length) {
            int start = i;
            int tag = der[i++] & 0xff;
            if (i >= der.length) {
                throw new MalformedDerException("truncated after a tag");
            }
            int length = der[i++] & 0xff;
            if (length > 0x80) {
                int octets = length & 0x7f;
                if (octets > 3 || i + octets > der.length) {
                    throw new MalformedDerException("length field out of range");
                }
                length = 0;
                for (int k = 0; k < octets; k++) {
                    length = (length << 8) | (der[i++] & 0xff);
                }
            } else if (length == 0x80) {
                throw new MalformedDerException("indefinite length is not DER");
            }
            if (i + length > der.length) {
                throw new MalformedDerException("an element is longer than its enclosing data");
            }
            elements.add(new Element(tag, Arrays.copyOfRange(der, start, i + length), Arrays.copyOfRange(der, i, i + length)));
            i += length;
        }
        return elements;
    }

    /** The elements inside the single SEQUENCE {@code der} holds. */
    static List<Element> sequence(byte[] der) {
        List<Element> outer = elements(der);
        if (outer.size() != 1 || outer.get(0).tag() != SEQUENCE) {
            throw new MalformedDerException("not one ASN.1 SEQUENCE");
        }
        return elements(outer.get(0).value());
    }

    /** Encodes one element whose value is the concatenation of {@code parts}. */
    static byte[] encode(int tag, byte[]... parts) {
        ByteArrayOutputStream value = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            value.writeBytes(part);
        }
        int length = value.size();
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 5);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else if (length < 0x100) {
            out.write(0x81);
            out.write(length);
        } else if (length < 0x10000) {
            out.write(0x82);
            out.write(length >> 8);
            out.write(length & 0xff);
        } else {
            out.write(0x83);
            out.write(length >> 16);
            out.write((length >> 8) & 0xff);
            out.write(length & 0xff);
        }
        out.writeBytes(value.toByteArray());
        return out.toByteArray();
    }

    /** An OBJECT IDENTIFIER's value in dotted form, for messages. */
    static String dotted(byte[] oid) {
        StringBuilder text = new StringBuilder();
        long arc = 0;
        for (int i = 0; i < oid.length; i++) {
            arc = (arc << 7) | (oid[i] & 0x7f);
            if ((oid[i] & 0x80) == 0) {
                if (text.length() == 0) {
                    int first = (int) Math.min(arc / 40, 2);
                    text.append(first).append('.').append(arc - 40L * first);
                } else {
                    text.append('.').append(arc);
                }
                arc = 0;
            }
        }
        return text.toString();
    }

    /** Thrown when bytes are not the DER a key block should hold. */
    static final class MalformedDerException extends RuntimeException {
        MalformedDerException(String message) {
            super(message);
        }
    }
}
