package fr.barometre.survey.problem;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

/**
 * Text the database can keep: PostgreSQL refuses the character U+0000 in {@code text} and
 * {@code jsonb}, and an unpaired UTF-16 surrogate has no UTF-8 form. A request carrying either
 * (in its path, query, headers or JSON body) is refused with a 400 problem before any of it is
 * used, rather than failing at the database.
 */
public final class StorableText {

    private StorableText() {
    }

    /** What makes this text unstorable, or {@code null} when it is storable. */
    public static String flaw(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                return "the character U+0000";
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "an unpaired surrogate U+" + Integer.toHexString(c).toUpperCase();
            }
        }
        return null;
    }

    /**
     * Throws the 400 problem when {@code text}, found in {@code where} (a field or parameter), is not storable;
     * {@code where} is asked for only then (a JSON body's check reads thousands of names and values).
     */
    public static void require(CharSequence text, Supplier<String> where) {
        String flaw = flaw(text);
        if (flaw != null) {
            throw refused(where.get(), flaw);
        }
    }

    /**
     * The text of a percent-encoded URI component (path or query), decoded strictly: each {@code %XX}
     * is a byte and the bytes must be well-formed UTF-8 ({@code +} is left as it is). Throws the 400
     * problem when they are not, or when the text is not storable.
     */
    public static String decodeUriComponent(String raw, String where) {
        byte[] bytes = new byte[raw.length() * 3];
        int n = 0;
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%' && i + 2 < raw.length() && hex(raw.charAt(i + 1)) >= 0 && hex(raw.charAt(i + 2)) >= 0) {
                bytes[n++] = (byte) (hex(raw.charAt(i + 1)) << 4 | hex(raw.charAt(i + 2)));
                i += 2;
            } else if (c <= 0xFF) {
                bytes[n++] = (byte) c;   // the request line is read as ISO-8859-1: one char per octet
            } else {
                byte[] utf8 = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, bytes, n, utf8.length);
                n += utf8.length;
            }
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, n))
                    .toString();
        } catch (CharacterCodingException e) {
            throw refused(where, "bytes that are not UTF-8");
        }
        require(text, () -> where);
        return text;
    }

    private static ProblemException refused(String where, String flaw) {
        return ProblemException.badRequest("The " + where + " contains " + flaw + ", which cannot be stored.",
                List.of(FieldError.ofField(where, "contains " + flaw)));
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
