package org.betweensessions.bpmn;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The diagrams as Camunda Modeler (bpmn-js) draws them, checked from their BPMNDI: every external
 * label (events, gateways, flows) is wide enough for its longest word, so it never wraps mid-word
 * ("Crisi/s?"); no label overlaps a shape or another label, and no flow line runs through a label;
 * no sub-process border cuts through a label; the title of every expanded sub-process stays clear of
 * the shapes inside it. Text widths are Arial's, at the 11 px of bpmn-js labels (12 px for a
 * sub-process title), as bpmn-js measures them.
 */
class DiagramLayoutTest {

    private static final String BPMNDI = "http://www.omg.org/spec/BPMN/20100524/DI";
    private static final String DC = "http://www.omg.org/spec/DD/20100524/DC";
    private static final String DI = "http://www.omg.org/spec/DD/20100524/DI";
    private static final String BPMN = "http://www.omg.org/spec/BPMN/20100524/MODEL";

    record Box(double x, double y, double w, double h) {
        boolean overlaps(Box o) {
            return x < o.x + o.w && o.x < x + w && y < o.y + o.h && o.y < y + h;
        }

        boolean inside(Box o) {
            return x >= o.x && y >= o.y && x + w <= o.x + o.w && y + h <= o.y + o.h;
        }

        /** Whether the segment a-b passes through this box (not merely touching its edge). */
        boolean crossedBy(double ax, double ay, double bx, double by) {
            Box in = new Box(x + 1, y + 1, w - 2, h - 2);
            // Axis-aligned segments (the diagrams use only those) or sampled otherwise.
            int steps = 200;
            for (int i = 0; i <= steps; i++) {
                double px = ax + (bx - ax) * i / steps;
                double py = ay + (by - ay) * i / steps;
                if (px > in.x && px < in.x + in.w && py > in.y && py < in.y + in.h) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String toString() {
            return "(" + (int) x + "," + (int) y + " " + (int) w + "x" + (int) h + ")";
        }
    }

    record Shape(String id, String type, Box bounds, Box label, String name) {}

    record Edge(String id, List<double[]> points, Box label, String name) {}

    static Stream<Path> diagrams() throws Exception {
        return Files.list(Path.of("bpmn")).filter(p -> p.toString().endsWith(".bpmn")).sorted().toList().stream();
    }

    @ParameterizedTest
    @MethodSource("diagrams")
    void labelsFitTheirWordsAndStayClearOfShapesLinesBordersAndEachOther(Path diagram) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        Document doc = factory.newDocumentBuilder().parse(new File(diagram.toString()));
        Map<String, Element> elements = new HashMap<>();
        NodeList all = doc.getElementsByTagNameNS(BPMN, "*");
        for (int i = 0; i < all.getLength(); i++) {
            Element e = (Element) all.item(i);
            if (e.hasAttribute("id")) {
                elements.put(e.getAttribute("id"), e);
            }
        }
        List<Shape> shapes = new ArrayList<>();
        NodeList shapeNodes = doc.getElementsByTagNameNS(BPMNDI, "BPMNShape");
        for (int i = 0; i < shapeNodes.getLength(); i++) {
            Element s = (Element) shapeNodes.item(i);
            Element semantic = elements.get(s.getAttribute("bpmnElement"));
            shapes.add(new Shape(
                    s.getAttribute("bpmnElement"),
                    semantic.getLocalName(),
                    box(first(s, DC, "Bounds")),
                    labelBox(s),
                    semantic.getAttribute("name")));
        }
        List<Edge> edges = new ArrayList<>();
        NodeList edgeNodes = doc.getElementsByTagNameNS(BPMNDI, "BPMNEdge");
        for (int i = 0; i < edgeNodes.getLength(); i++) {
            Element e = (Element) edgeNodes.item(i);
            List<double[]> points = new ArrayList<>();
            NodeList wps = e.getElementsByTagNameNS(DI, "waypoint");
            for (int j = 0; j < wps.getLength(); j++) {
                Element wp = (Element) wps.item(j);
                points.add(
                        new double[] {Double.parseDouble(wp.getAttribute("x")), Double.parseDouble(wp.getAttribute("y"))
                        });
            }
            Element semantic = elements.get(e.getAttribute("bpmnElement"));
            edges.add(new Edge(e.getAttribute("bpmnElement"), points, labelBox(e), semantic.getAttribute("name")));
        }

        List<String> problems = new ArrayList<>();
        record Label(String owner, Box box, String name) {}
        List<Label> labels = new ArrayList<>();
        for (Shape s : shapes) {
            if (s.label() != null && !s.name().isBlank()) {
                labels.add(new Label(s.id(), s.label(), s.name()));
            }
        }
        for (Edge e : edges) {
            if (e.label() != null && !e.name().isBlank()) {
                labels.add(new Label(e.id(), e.label(), e.name()));
            }
        }
        for (Label l : labels) {
            double longest = 0;
            String longestWord = "";
            for (String word : l.name().split("\\s+")) {
                double w = width(word, 11);
                if (w > longest) {
                    longest = w;
                    longestWord = word;
                }
            }
            if (l.box().w() + 0.5 < longest) {
                problems.add(l.owner() + ": label " + l.box() + " narrower than \"" + longestWord + "\" ("
                        + (int) Math.ceil(longest) + " px): wraps mid-word");
            }
            double lines = Math.ceil(width(l.name(), 11) / Math.max(l.box().w(), 1));
            Box text = new Box(
                    l.box().x(), l.box().y(), l.box().w(), Math.max(l.box().h(), lines * 13));
            for (Shape s : shapes) {
                boolean container = "subProcess".equals(s.type());
                if (!container && text.overlaps(s.bounds())) {
                    problems.add(l.owner() + ": label " + text + " overlaps " + s.id() + " " + s.bounds());
                }
                if (container && text.overlaps(s.bounds()) && !text.inside(s.bounds())) {
                    problems.add(l.owner() + ": label " + text + " is cut by the border of " + s.id());
                }
            }
            for (Label other : labels) {
                if (other != l && other.owner().compareTo(l.owner()) > 0 && text.overlaps(other.box())) {
                    problems.add(l.owner() + ": label " + text + " overlaps the label of " + other.owner());
                }
            }
            for (Edge e : edges) {
                for (int i = 0; i + 1 < e.points().size(); i++) {
                    double[] a = e.points().get(i);
                    double[] b = e.points().get(i + 1);
                    if (text.crossedBy(a[0], a[1], b[0], b[1])) {
                        problems.add(l.owner() + ": label " + text + " is crossed by the line of " + e.id());
                        break;
                    }
                }
            }
        }
        for (Shape sub : shapes) {
            if (!"subProcess".equals(sub.type()) || sub.name().isBlank()) {
                continue;
            }
            Box title = new Box(
                    sub.bounds().x(), sub.bounds().y(), Math.min(sub.bounds().w(), width(sub.name(), 12) + 10), 24);
            for (Shape inner : shapes) {
                if (inner != sub
                        && inner.bounds().inside(sub.bounds())
                        && !"boundaryEvent".equals(inner.type())
                        && title.overlaps(inner.bounds())) {
                    problems.add(sub.id() + ": title " + title + " hidden behind " + inner.id());
                }
                if (inner != sub
                        && inner.label() != null
                        && inner.label().inside(sub.bounds())
                        && title.overlaps(inner.label())) {
                    problems.add(sub.id() + ": title " + title + " hidden behind the label of " + inner.id());
                }
            }
        }
        assertThat(problems).as(diagram.getFileName() + " as Modeler draws it").isEmpty();
    }

    private static Element first(Element parent, String ns, String name) {
        NodeList list = parent.getElementsByTagNameNS(ns, name);
        return list.getLength() == 0 ? null : (Element) list.item(0);
    }

    private static Box labelBox(Element diagramElement) {
        Element label = first(diagramElement, BPMNDI, "BPMNLabel");
        return label == null || first(label, DC, "Bounds") == null ? null : box(first(label, DC, "Bounds"));
    }

    private static Box box(Element bounds) {
        return new Box(
                Double.parseDouble(bounds.getAttribute("x")),
                Double.parseDouble(bounds.getAttribute("y")),
                Double.parseDouble(bounds.getAttribute("width")),
                Double.parseDouble(bounds.getAttribute("height")));
    }

    /** Arial advance widths (per 1000 em), the font bpmn-js draws labels in. */
    private static double width(String text, double fontSize) {
        double units = 0;
        for (char c : text.toCharArray()) {
            units += ARIAL.getOrDefault(c, Character.isUpperCase(c) ? 722 : 556);
        }
        return units * fontSize / 1000;
    }

    private static final Map<Character, Integer> ARIAL = new HashMap<>();

    static {
        String lower = "abcdefghijklmnopqrstuvwxyz";
        int[] lowerWidths = {
            556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556,
            500, 722, 500, 500, 500
        };
        String upper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
        int[] upperWidths = {
            667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722,
            667, 944, 667, 667, 611
        };
        for (int i = 0; i < 26; i++) {
            ARIAL.put(lower.charAt(i), lowerWidths[i]);
            ARIAL.put(upper.charAt(i), upperWidths[i]);
        }
        for (char d = '0'; d <= '9'; d++) {
            ARIAL.put(d, 556);
        }
        ARIAL.put(' ', 278);
        ARIAL.put('?', 556);
        ARIAL.put('-', 333);
        ARIAL.put(',', 278);
        ARIAL.put('.', 278);
        ARIAL.put(':', 278);
        ARIAL.put('\'', 191);
        ARIAL.put('(', 333);
        ARIAL.put(')', 333);
        ARIAL.put('/', 278);
    }
}
