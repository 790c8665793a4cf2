package dev.lore.parsing;

import org.apache.tika.metadata.Message;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/** The Markdown that precedes an e-mail's body: the subject as a heading, then From, To, Cc and Date lines. */
final class EmailHeader {

    private EmailHeader() {}

    static String render(String subject, Metadata metadata) {
        StringBuilder header = new StringBuilder();
        if (subject != null) {
            header.append("# ").append(subject.replace('\n', ' ')).append("\n\n");
        }
        int lines = 0;
        lines += line(header, "From", metadata.getValues(Message.MESSAGE_FROM));
        lines += line(header, "To", metadata.getValues(Message.MESSAGE_TO));
        lines += line(header, "Cc", metadata.getValues(Message.MESSAGE_CC));
        lines += line(header, "Date", metadata.getValues(TikaCoreProperties.CREATED));
        if (lines > 0) {
            header.append('\n');
        }
        return header.toString();
    }

    private static int line(StringBuilder header, String name, String[] values) {
        if (values.length == 0) {
            return 0;
        }
        header.append(name).append(": ").append(String.join(", ", values).replace('\n', ' ')).append('\n');
        return 1;
    }
}
