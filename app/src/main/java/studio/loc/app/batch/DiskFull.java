package studio.loc.app.batch;

/** Recognises "the disk is full" among write errors: it fails every further photo, so the batch stops. */
final class DiskFull {

    private static final String[] SIGNS = {"no space left", "not enough space", "disk full", "disk quota exceeded",
            "enospc", "edquot"};

    private DiskFull() {
    }

    static boolean isCause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            String message = t.getMessage();
            if (message != null) {
                String lower = message.toLowerCase(java.util.Locale.ROOT);
                for (String sign : SIGNS) {
                    if (lower.contains(sign)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
