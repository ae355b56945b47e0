package org.jirabridge.observe;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.config.plugins.Plugin;
import org.apache.logging.log4j.core.pattern.ConverterKeys;
import org.apache.logging.log4j.core.pattern.LogEventPatternConverter;
import org.apache.logging.log4j.core.pattern.PatternConverter;

/**
 * {@code %safeMsg} in the log pattern: the message and its stack trace, if any, through {@link LogText#clean}, so
 * no log line carries a known secret or a line a caller forged. Used instead of {@code %msg} (and {@code %ex}).
 */
@Plugin(name = "SafeMessageConverter", category = PatternConverter.CATEGORY)
@ConverterKeys({"safeMsg"})
public final class SafeMessageConverter extends LogEventPatternConverter {

    private SafeMessageConverter() {
        super("SafeMessage", "safeMsg");
    }

    /** Called by log4j for {@code %safeMsg}. */
    public static SafeMessageConverter newInstance(String[] options) {
        return new SafeMessageConverter();
    }

    @Override
    public void format(LogEvent event, StringBuilder out) {
        out.append(LogText.clean(event.getMessage().getFormattedMessage()));
        Throwable thrown = event.getThrown();
        if (thrown != null) {
            StringWriter trace = new StringWriter();
            thrown.printStackTrace(new PrintWriter(trace));
            // the stack trace continues the entry like any other line break in it
            out.append(LogText.clean("\n" + trace.toString().stripTrailing()));
        }
    }

    @Override
    public boolean handlesThrowable() {
        return true;
    }
}
