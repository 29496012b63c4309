package io.logpipeline.packaging.docker;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The jib-maven-plugin configuration of a pom's {@code images} profile (-Pimages), read as XML: what the image the
 * build writes without Docker gets, to hold against the Dockerfile's final stage.
 */
record JibConfiguration(Document pom) {

    private static final String JIB = "//*[local-name()='profile'][*[local-name()='id']='images']"
            + "//*[local-name()='plugin'][*[local-name()='artifactId']='jib-maven-plugin']/*[local-name()='configuration']";

    static JibConfiguration read(Path pom) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        return new JibConfiguration(factory.newDocumentBuilder().parse(pom.toFile()));
    }

    /** The text of each element under {@code path} (relative to the plugin's configuration), in order. */
    List<String> texts(String path) throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        NodeList nodes = (NodeList) xpath.evaluate(JIB + "/" + localNames(path), pom, XPathConstants.NODESET);
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            texts.add(nodes.item(i).getTextContent().trim());
        }
        return texts;
    }

    /** {@code NAME=value} for each child of {@code container/environment}. */
    List<String> environment() throws Exception {
        XPath xpath = XPathFactory.newInstance().newXPath();
        NodeList nodes = (NodeList) xpath.evaluate(JIB + "/" + localNames("container/environment") + "/*", pom,
                XPathConstants.NODESET);
        List<String> variables = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node node = nodes.item(i);
            variables.add(node.getNodeName() + "=" + node.getTextContent().trim());
        }
        return variables;
    }

    private static String localNames(String path) {
        StringBuilder expression = new StringBuilder();
        for (String step : path.split("/")) {
            expression.append(expression.length() == 0 ? "" : "/").append("*[local-name()='").append(step).append("']");
        }
        return expression.toString();
    }
}
