package dev.rapport.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The documentation stands alone: a fresh clone has everything README and docs/ point at. Every
 * relative link of README.md, docs/*.md and the modules' READMEs names a file of the repository
 * (and, with a #fragment, one of its headings), and none of them sends a reader to the
 * specification files that lived beside the project.
 */
class DocumentationLinksTest {

    private static final Path ROOT = EventContracts.root().toAbsolutePath().normalize();
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("(?m)^#{1,6} +(.+)$");
    private static final Pattern OUTSIDE = Pattern.compile("shared/spec|\\.\\./shared/|STYLE\\.md");

    @Test
    void everyRelativeLinkNamesAFileOfTheRepositoryAndOneOfItsHeadings() {
        List<String> broken = new ArrayList<>();
        for (Path doc : documents()) {
            Matcher link = LINK.matcher(read(doc));
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue; // http(s), mailto: a page of the web, not of the repository
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path resolved = file.isEmpty() ? doc : doc.getParent().resolve(file).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such file in the repository)");
                } else if (hash >= 0 && resolved.toString().endsWith(".md")
                        && !anchors(resolved).contains(target.substring(hash + 1))) {
                    broken.add(ROOT.relativize(doc) + ": " + target + " (no such heading)");
                }
            }
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void noDocumentSendsTheReaderOutsideTheRepository() {
        List<String> outside = new ArrayList<>();
        for (Path doc : documents()) {
            String[] lines = read(doc).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find()) {
                    outside.add(ROOT.relativize(doc) + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertEquals(List.of(), outside);
    }

    @Test
    void theDocumentsThatReadmeAnnouncesExist() {
        String readme = read(ROOT.resolve("README.md"));
        for (String doc : List.of("docs/domain.md", "docs/architecture.md", "docs/operations.md", "docs/api.md",
                "docs/privacy.md", "docs/reliability.md", "docs/benchmarks.md")) {
            assertTrue(readme.contains("](" + doc + ")"), "README links " + doc);
            assertTrue(Files.isRegularFile(ROOT.resolve(doc)), doc + " exists");
        }
    }

    private static List<Path> documents() {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> inDocs = Files.list(ROOT.resolve("docs"));
             Stream<Path> modules = Files.list(ROOT)) {
            inDocs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
            modules.map(m -> m.resolve("README.md")).filter(Files::isRegularFile).sorted().forEach(docs::add);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Path kubernetes = ROOT.resolve("deploy/kubernetes/README.md");
        if (Files.isRegularFile(kubernetes)) {
            docs.add(kubernetes);
        }
        return docs;
    }

    /** The fragments a heading gets on GitHub: lower case, punctuation dropped, spaces to hyphens. */
    private static List<String> anchors(Path markdown) {
        List<String> anchors = new ArrayList<>();
        Matcher heading = HEADING.matcher(read(markdown));
        while (heading.find()) {
            anchors.add(heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{N}_\\- ]", "").replace(' ', '-'));
        }
        return anchors;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
