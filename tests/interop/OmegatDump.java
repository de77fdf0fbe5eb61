// Prints every entry OmegaT's own glossary readers take from a file, one per line:
// source<TAB>target (TAB and line breaks inside a value escaped as \t and \n), so that
// tests/interop.sh can compare all of them, not a sample, with what termalign exported.
// Compiled against the Debian omegat package's OmegaT.jar (3.6).
//
// usage: OmegatDump FILE [SRC TGT]   (reader chosen by extension as OmegaT does:
//                                     .tbx -> GlossaryReaderTBX, else GlossaryReaderTSV)

import java.io.File;
import java.util.List;

import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;
import org.omegat.util.RuntimePreferences;

public class OmegatDump {
    public static void main(String[] args) throws Exception {
        File cfg = java.nio.file.Files.createTempDirectory("omegat-dump-cfg").toFile();
        cfg.deleteOnExit();
        RuntimePreferences.setConfigDir(cfg.getPath());
        File dir = java.nio.file.Files.createTempDirectory("omegat-dump-prj").toFile();
        dir.deleteOnExit();
        final ProjectProperties props = new ProjectProperties(dir);
        props.setSourceLanguage(args.length > 1 ? args[1] : "zh-CN");
        props.setTargetLanguage(args.length > 2 ? args[2] : "en-US");
        // GlossaryReaderTBX asks the project for its languages.
        Core.setProject(new NotLoadedProject() {
            @Override
            public ProjectProperties getProjectProperties() {
                return props;
            }
        });
        File f = new File(args[0]);
        List<GlossaryEntry> entries = f.getName().toLowerCase().endsWith(".tbx")
                ? GlossaryReaderTBX.read(f, false)
                : GlossaryReaderTSV.read(f, false);
        if (entries == null) {
            System.err.println("OmegaT refused the file name " + f.getName());
            System.exit(3);
        }
        StringBuilder out = new StringBuilder();
        for (GlossaryEntry e : entries) {
            out.append(esc(e.getSrcText())).append('\t').append(esc(e.getLocText())).append('\n');
        }
        System.out.write(out.toString().getBytes("UTF-8"));
        System.out.flush();
        System.exit(entries.isEmpty() ? 2 : 0);
    }

    private static String esc(String s) {
        return s == null ? "<null>" : s.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n");
    }
}
