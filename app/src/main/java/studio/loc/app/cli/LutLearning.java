package studio.loc.app.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import studio.loc.app.lut.LutFileException;
import studio.loc.app.lut.LutImport;
import studio.loc.hypernet.engine.ChangeEngine;
import studio.loc.hypernet.engine.LearnedChange;

/** {@code learn --lut}: a change file from a colour table made by another tool. */
final class LutLearning {

    private LutLearning() {
    }

    static int learn(CliEnvironment environment, CommonOptions common, CommandSpec spec, Path before, Path after,
                     Path lut, Path file, String name) throws CliException {
        if (lut == null) {
            throw new ParameterException(spec.commandLine(), "learn needs --before and --after (a pair), or --lut");
        }
        if (before != null || after != null) {
            throw new ParameterException(spec.commandLine(), "--lut makes a change from a table alone; give it "
                    + "without --before and --after");
        }
        if (!Files.isRegularFile(lut)) {
            throw new CliException("Colour table not found: " + lut.toAbsolutePath(), ExitCodes.USAGE);
        }
        try (ChangeEngine engine = EngineOpener.open(environment, common)) {
            LearnedChange change = LutImport.asChange(engine, lut, name);
            LearnCommand.save(engine, change, file);
            spec.commandLine().getOut().println("Saved change \"" + change.name() + "\" (the colour table of "
                    + lut.getFileName() + ") for model " + change.baseModel() + " to " + file);
            return ExitCodes.OK;
        } catch (LutFileException e) {
            throw new CliException(e.getMessage(), ExitCodes.USAGE, e);
        } catch (studio.loc.hypernet.engine.EngineException e) {
            throw new CliException("Cannot make a change from " + lut.getFileName() + ": " + e.getMessage(),
                    ExitCodes.USAGE, e);
        }
    }
}
