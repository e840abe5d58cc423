package dev.streamvcr.site.recipe;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamvcr.site.SafeXml;
import java.io.IOException;
import java.io.StringReader;
import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;

/** Takes one value out of a text the way a recipe step says; failures say what did not match, in plain words. */
final class Extraction {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The step found nothing or could not read its input; the message completes "step 'x': …". */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private Extraction() {
    }

    static String extract(RecipeStep step, String text, String baseUri, String where) throws Failed {
        if (step.css() != null) {
            return css(step, text, baseUri, where);
        }
        if (step.regex() != null) {
            return regex(step, text, where);
        }
        if (step.xpath() != null) {
            return xpath(step.xpath(), text, where);
        }
        return json(step.json(), text, where);
    }

    private static String css(RecipeStep step, String html, String baseUri, String where) throws Failed {
        Element element = Jsoup.parse(html, baseUri).selectFirst(step.css());
        if (element == null) {
            throw new Failed("the CSS selector '" + step.css() + "' matched nothing in " + where);
        }
        if (step.attribute() == null) {
            // A script's or style's content is data, not text, to jsoup.
            String text = element.text().isEmpty() ? element.data().strip() : element.text();
            return nonEmpty(text, "the element matching '" + step.css() + "' has no text in " + where);
        }
        if (!element.hasAttr(step.attribute().replaceFirst("^abs:", ""))) {
            throw new Failed("the element matching '" + step.css() + "' has no attribute '" + step.attribute() + "' in " + where);
        }
        return nonEmpty(element.attr(step.attribute()),
                "the attribute '" + step.attribute() + "' of '" + step.css() + "' is empty in " + where);
    }

    private static String regex(RecipeStep step, String text, String where) throws Failed {
        Matcher m = Pattern.compile(step.regex()).matcher(text);
        if (!m.find()) {
            throw new Failed("the regex '" + step.regex() + "' matched nothing in " + where);
        }
        int group = step.group() != null ? step.group() : m.groupCount() >= 1 ? 1 : 0;
        String value = m.group(group);
        return nonEmpty(value, "group " + group + " of the regex '" + step.regex() + "' is empty in " + where);
    }

    private static String xpath(String expression, String xml, String where) throws Failed {
        org.w3c.dom.Document doc;
        try {
            doc = xmlParser().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException | IOException e) {
            throw new Failed(where + " is not an XML document (" + e.getMessage() + ")");
        }
        try {
            String value = (String) XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.STRING);
            return nonEmpty(value == null ? "" : value.strip(), "the XPath '" + expression + "' matched nothing in " + where);
        } catch (XPathExpressionException e) {
            throw new Failed("the XPath '" + expression + "' could not be evaluated on " + where);
        }
    }

    private static String json(String pointer, String text, String where) throws Failed {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new Failed(where + " is not a JSON document");
        }
        JsonNode node = root == null ? null : root.at(JsonPointer.compile(pointer));
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw new Failed("the JSON pointer '" + pointer + "' points at nothing in " + where);
        }
        return nonEmpty(node.isValueNode() ? node.asText() : node.toString(),
                "the JSON pointer '" + pointer + "' points at an empty value in " + where);
    }

    /** No DOCTYPE, no external entities: a fetched document cannot make the server read files or other URLs. */
    static DocumentBuilder xmlParser() {
        return SafeXml.parser();
    }

    private static String nonEmpty(String value, String message) throws Failed {
        if (value == null || value.isEmpty()) {
            throw new Failed(message);
        }
        return value;
    }
}
