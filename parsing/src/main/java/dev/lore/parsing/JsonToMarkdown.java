package dev.lore.parsing;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.io.StringWriter;

/** Validates JSON and renders it pretty-printed inside a ```json fence, streaming token by token. */
final class JsonToMarkdown {

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private JsonToMarkdown() {}

    static String convert(String json) throws ParseFailure {
        StringWriter pretty = new StringWriter(json.length() + json.length() / 2);
        try (JsonParser parser = FACTORY.createParser(json);
             JsonGenerator generator = FACTORY.createGenerator(pretty).useDefaultPrettyPrinter()) {
            boolean any = false;
            while (parser.nextToken() != null) {
                generator.copyCurrentEvent(parser);
                any = true;
            }
            if (!any) {
                return "";
            }
        } catch (JsonProcessingException e) {
            throw new ParseFailure("The JSON file is not valid: " + describe(e), e);
        } catch (IOException e) {
            throw new IllegalStateException("Writing to a string cannot fail", e);
        }
        // No pretty-printed line can start with backticks (newlines in strings are escaped), so ``` is safe.
        return "```json\n" + pretty + "\n```";
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        var location = e.getLocation();
        return location == null ? message
                : message + " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
