package dev.lore.parsing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class JsonToMarkdownTest {

    @Test
    void prettyPrintsIntoAFence() throws ParseFailure {
        assertEquals("```json\n{\n  \"a\" : [ 1, \"```\" ]\n}\n```", JsonToMarkdown.convert("{\"a\":[1,\"```\"]}"));
    }

    @Test
    void invalidJsonNamesTheProblemAndPlace() {
        ParseFailure failure = assertThrows(ParseFailure.class, () -> JsonToMarkdown.convert("{\n  \"a\": tru\n}"));
        assertEquals(true, failure.getMessage().startsWith("The JSON file is not valid: Unrecognized token 'tru'"),
                failure.getMessage());
        assertEquals(true, failure.getMessage().contains("(line 2, column"), failure.getMessage());
    }

    @Test
    void truncatedJsonIsInvalid() {
        assertThrows(ParseFailure.class, () -> JsonToMarkdown.convert("{\"a\": [1, 2"));
    }

    @Test
    void whitespaceOnlyJsonHasNoText() throws ParseFailure {
        assertEquals("", JsonToMarkdown.convert("  \n "));
    }
}
