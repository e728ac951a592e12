import Runtime

/// Writes a finished run into the run history (see `RunHistory`).
enum RunRecorder {
    /// Nil when recorded; else why not, for one warning: a history that cannot be written
    /// never fails the run.
    static func record(_ summary: RunSummary, script: Script, keep: Int) -> String? {
        guard let directory = RunHistory.defaultDirectory(environment: Environment.value) else {
            return "no run history: neither XDG_STATE_HOME nor HOME is an absolute path"
        }
        let job = RunHistory.jobName(scriptPath: script.path, recipe: summary.recipe ?? script.recipeName)
        let entry = RunHistory.entry(summary: summary, job: job, script: script, ended: RunSummary.now(),
                                     log: summary.status == .success ? nil : StderrCapture.log)
        do {
            try RunHistory(directory: directory).record(entry, job: job, runID: summary.runID, keep: keep)
            return nil
        } catch {
            return "the run history could not be written (\(error)); the run is not recorded"
        }
    }
}
