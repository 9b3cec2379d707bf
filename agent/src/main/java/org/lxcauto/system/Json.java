package org.lxcauto.system;

import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.jr.ob.JSON;
import com.fasterxml.jackson.jr.ob.JSONObjectException;
import com.fasterxml.jackson.jr.ob.JacksonJrExtension;
import com.fasterxml.jackson.jr.ob.api.ExtensionContext;
import com.fasterxml.jackson.jr.ob.api.ReaderWriterProvider;
import com.fasterxml.jackson.jr.ob.api.ValueReader;
import com.fasterxml.jackson.jr.ob.api.ValueWriter;
import com.fasterxml.jackson.jr.ob.impl.JSONReader;
import com.fasterxml.jackson.jr.ob.impl.JSONWriter;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Every JSON document lxc-auto writes or reads: the state files, {@code plan --json},
 * {@code status --json} and the daemon's {@code Status()} answer (docs/formats.md), and what
 * {@code ip -j} prints. Records are written indented, their fields in declaration order,
 * {@code null}s written out, instants as ISO-8601 strings; reading ignores fields it does not know.
 *
 * <p>jackson-jr over jackson-core rather than jackson-databind: the same parser and generator
 * (so the same bytes and the same parse errors), without databind's ~580 classes, which a resident
 * daemon would keep in memory for three small files. Built on first use: most commands never
 * touch JSON before their first container starts.
 */
public final class Json {

    private Json() {
    }

    /** Built on first use (a holder class): most commands never touch JSON before their first container starts. */
    private static final class Holder {
        static final JSON MAPPER = JSON.builder()
                .enable(JSON.Feature.PRETTY_PRINT_OUTPUT, JSON.Feature.WRITE_NULL_PROPERTIES,
                        JSON.Feature.WRITE_RECORD_FIELDS_IN_DECLARATION_ORDER)
                .disable(JSON.Feature.FAIL_ON_UNKNOWN_BEAN_PROPERTY)
                .register(new Instants())
                .build();
    }

    /** {@code value} as an indented document, ending in a newline: a file's or standard output's content. */
    public static String document(Object value) {
        return write(value) + "\n";
    }

    /** {@code value} as an indented document, without a final newline (the daemon's Status() answer). */
    public static String write(Object value) {
        try {
            return Holder.MAPPER.asString(value);
        } catch (IOException e) {
            // Only our own records are written: failing to write one is a bug, not an input problem.
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The one JSON document in {@code content}, as a {@code type}; {@code null} for a document that is
     * {@code null}.
     *
     * @throws Unreadable when it is not one JSON document of that shape
     */
    public static <T> T read(byte[] content, Class<T> type) throws Unreadable {
        try (JsonParser parser = Holder.MAPPER.getStreamingFactory().createParser(content)) {
            return read(parser, type);
        } catch (IOException e) {
            throw new Unreadable(Unreadable.Kind.INVALID, "", null, e.getMessage(), e);
        }
    }

    /** As {@link #read(byte[], Class)}, from text. */
    public static <T> T read(String content, Class<T> type) throws Unreadable {
        try (JsonParser parser = Holder.MAPPER.getStreamingFactory().createParser(content)) {
            return read(parser, type);
        } catch (IOException e) {
            throw new Unreadable(Unreadable.Kind.INVALID, "", null, e.getMessage(), e);
        }
    }

    /**
     * The document in {@code content} as plain values: a {@code Map} per object, a {@code List} per
     * array, {@code String}, {@code Number}, {@code Boolean} or {@code null}.
     */
    public static Object tree(String content) throws Unreadable {
        return read(content, Object.class);
    }

    private static <T> T read(JsonParser parser, Class<T> type) throws Unreadable, IOException {
        JsonToken first;
        try {
            first = parser.nextToken();
        } catch (JsonProcessingException e) {
            throw Unreadable.of(e, "");
        }
        if (first == null) {
            throw new Unreadable(Unreadable.Kind.EMPTY, "", null, "no content", null);
        }
        JsonLocation start = parser.currentTokenLocation();
        T value;
        try {
            value = type == Object.class ? type.cast(Holder.MAPPER.anyFrom(parser)) : Holder.MAPPER.beanFrom(type, parser);
        } catch (JSONObjectException e) {
            // Some readers do not say where: then it is the token the parser stands on.
            JsonLocation at = e.getLocation() != null ? e.getLocation() : parser.currentTokenLocation();
            // Refused at its first token, the document as a whole has the wrong shape, wherever the reader stands.
            String path = start.equals(at) ? "" : path(parser.getParsingContext());
            throw new Unreadable(Unreadable.Kind.SHAPE, path, at, e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw Unreadable.of(e, path(parser.getParsingContext()));
        } catch (IllegalArgumentException | IllegalStateException e) {
            // A record's own checks (a compact constructor) refusing what was read.
            throw new Unreadable(Unreadable.Kind.SHAPE, path(parser.getParsingContext()), parser.currentTokenLocation(),
                    e.getMessage(), e);
        }
        try {
            // Trailing data means two writers mixed or the file was edited: never use the first half.
            if (parser.nextToken() != null) {
                throw new Unreadable(Unreadable.Kind.TRAILING, "", parser.currentTokenLocation(), "trailing token", null);
            }
        } catch (JsonProcessingException e) {
            throw Unreadable.of(e, "");
        }
        return value;
    }

    /** "containers[2].outcome", from where the parser stands. */
    private static String path(JsonStreamContext context) {
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                parts.addFirst((c.getParent() != null && !c.getParent().inRoot() ? "." : "") + c.getCurrentName());
            } else if (c.inArray() && c.getCurrentIndex() >= 0) {
                parts.addFirst("[" + c.getCurrentIndex() + "]");
            }
        }
        return String.join("", parts);
    }

    /**
     * A document that could not be read, with what was wrong in structured form, so that each
     * caller can say it in its own words (a damaged state file, an unexpected answer).
     */
    public static final class Unreadable extends Exception {
        private static final long serialVersionUID = 1L;

        /** What was wrong. */
        public enum Kind {
            /** Nothing but white space. */
            EMPTY,
            /** The input ended inside the document. */
            TRUNCATED,
            /** Not JSON at some point. */
            INVALID,
            /** More after the end of the document. */
            TRAILING,
            /** JSON, but a value of the wrong type or shape at {@link #path}. */
            SHAPE
        }

        private final Kind kind;
        private final String path;
        private final transient JsonLocation location;

        Unreadable(Kind kind, String path, JsonLocation location, String detail, Throwable cause) {
            super(detail == null ? kind.name() : detail, cause);
            this.kind = kind;
            this.path = path;
            this.location = location;
        }

        static Unreadable of(JsonProcessingException e, String path) {
            // Some end-of-input reports are plain parse exceptions: the message says what they are.
            boolean truncated = e instanceof JsonEOFException
                    || (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Unexpected end-of-input"));
            Kind kind = truncated ? Kind.TRUNCATED : Kind.INVALID;
            return new Unreadable(kind, path, e.getLocation(), e.getOriginalMessage(), e);
        }

        public Kind kind() {
            return kind;
        }

        /** Where in the document, as {@code containers[0].outcome}; empty at the top. */
        public String path() {
            return path;
        }

        /** The line of the problem, from 1; 0 when unknown. */
        public int line() {
            return location == null || location.getLineNr() < 1 ? 0 : location.getLineNr();
        }

        /** The column of the problem, from 1; 0 when unknown. */
        public int column() {
            return location == null || location.getLineNr() < 1 ? 0 : location.getColumnNr();
        }

        /** The parser's own words (English, may quote the input). */
        public String detail() {
            return getMessage();
        }
    }

    /** Instants as ISO-8601 strings ({@code "2026-12-04T21:14:01.564226336Z"}), as docs/formats.md says. */
    private static final class Instants extends JacksonJrExtension {
        @Override
        protected void register(ExtensionContext context) {
            context.insertProvider(new ReaderWriterProvider() {
                @Override
                public ValueReader findValueReader(JSONReader reader, Class<?> type) {
                    return type == Instant.class ? new InstantReader() : null;
                }

                @Override
                public ValueWriter findValueWriter(JSONWriter writer, Class<?> type) {
                    return type == Instant.class ? new InstantWriter() : null;
                }
            });
        }
    }

    private static final class InstantReader extends ValueReader {
        InstantReader() {
            super(Instant.class);
        }

        @Override
        public Object read(JSONReader reader, JsonParser parser) throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NULL) {
                return null;
            }
            if (parser.currentToken() != JsonToken.VALUE_STRING) {
                throw JSONObjectException.from(parser, "expected an ISO-8601 instant, found " + parser.currentToken());
            }
            try {
                return Instant.parse(parser.getText());
            } catch (DateTimeException e) {
                throw JSONObjectException.from(parser, "not an ISO-8601 instant: " + e.getMessage());
            }
        }
    }

    private static final class InstantWriter implements ValueWriter {
        @Override
        public void writeValue(JSONWriter context, JsonGenerator generator, Object value) throws IOException {
            generator.writeString(value.toString());
        }

        @Override
        public Class<?> valueType() {
            return Instant.class;
        }
    }
}
