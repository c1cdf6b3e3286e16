package org.betweensessions.engine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.stereotype.Component;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The retries each service task declares in the bundled diagrams ({@code zeebe:taskDefinition
 * retries}, Zeebe's default 3 when absent), by process id and element id. A job carries only the
 * retries it has left; with the declared number its backoff knows how many attempts failed before.
 */
@Component
public class DeclaredRetries {

    private static final String ZEEBE = "http://camunda.org/schema/zeebe/1.0";
    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";
    private static final int ZEEBE_DEFAULT = 3;

    private final Map<String, Integer> byElement = new HashMap<>();

    public DeclaredRetries() {
        try {
            for (Resource r : new PathMatchingResourcePatternResolver().getResources(ProcessResources.BPMN)) {
                read(r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The declared retries of this element, if a bundled diagram has it. */
    public Optional<Integer> of(String processId, String elementId) {
        return Optional.ofNullable(byElement.get(processId + "/" + elementId));
    }

    private void read(Resource resource) throws IOException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        try (InputStream in = resource.getInputStream()) {
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            NodeList processes = factory.newDocumentBuilder().parse(in).getElementsByTagNameNS(BPMN, "process");
            for (int p = 0; p < processes.getLength(); p++) {
                Element process = (Element) processes.item(p);
                NodeList definitions = process.getElementsByTagNameNS(ZEEBE, "taskDefinition");
                for (int i = 0; i < definitions.getLength(); i++) {
                    Element definition = (Element) definitions.item(i);
                    Node task = definition.getParentNode().getParentNode();
                    String retries = definition.getAttribute("retries");
                    byElement.put(
                            process.getAttribute("id") + "/" + ((Element) task).getAttribute("id"),
                            retries.isBlank() ? ZEEBE_DEFAULT : Integer.parseInt(retries.trim()));
                }
            }
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot read " + resource.getFilename(), e);
        }
    }
}
