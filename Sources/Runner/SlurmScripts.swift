import Core
import Foundation

/// The two batch scripts of a Slurm sweep: `sweep.sbatch`, a job array in which task k runs shard
/// k/N of the plan, and `report.sbatch`, which renders the merged report once the array is over
/// (submitted with `--dependency=afterany:<array job>`, so it also runs after failed or killed tasks
/// and can say what is missing).
public struct SlurmScripts: Sendable, Hashable {
    public var layout: SlurmSweepLayout
    public var resources: SlurmResources

    public init(layout: SlurmSweepLayout, resources: SlurmResources) {
        self.layout = layout
        self.resources = resources
    }

    /// The job array. `--requeue` and `--open-mode=append` make a preempted or requeued task start
    /// over cleanly: `gradbook run` skips the runs whose records exist, resumes the in-flight ones
    /// from their checkpoints, and the log keeps every try.
    ///
    /// Slurm's warning (`--signal=B:USR1@...`, to the batch shell only) is forwarded to `gradbook
    /// run`, which has its workers checkpoint and exits; the task then requeues itself, since
    /// Slurm does not requeue a task that reaches its time limit. A SIGTERM (`scancel`, `scontrol
    /// requeue`, preemption) reaches every process of the task: workers checkpoint on their own,
    /// and Slurm requeues (or not) as it was asked.
    public var sweep: String {
        let tasks = resources.tasks
        let command = [
            ShellQuoting.quote(layout.executable), "run", ShellQuoting.quote(layout.notebook),
            "--out", ShellQuoting.quote(layout.outputRoot),
            "--shard", "\"${SLURM_ARRAY_TASK_ID}/\(tasks)\"",
            "--jobs", "\(resources.cpusPerTask)", "--no-progress",
        ].joined(separator: " ")
        return """
            #!/bin/bash
            # gradbook sweep of \(layout.notebook)
            # A Slurm job array: task k trains shard k/\(tasks) of the plan with \(resources.cpusPerTask) worker(s).
            # Written by `gradbook slurm`; run it again after editing the notebook. Resubmitting skips
            # every run that already has a record in \(layout.notebookOutput)/runs.
            #SBATCH --job-name=\(layout.jobName)
            #SBATCH --array=1-\(tasks)
            \(resourceLines(cpus: resources.cpusPerTask))
            #SBATCH --output=\(Self.sbatchPath("\(layout.logsFolder)/sweep_%A_%a.out"))
            #SBATCH --error=\(Self.sbatchPath("\(layout.logsFolder)/sweep_%A_%a.err"))
            #SBATCH --open-mode=append
            #SBATCH --requeue
            #SBATCH --signal=B:USR1@\(resources.warningSeconds)
            set -euo pipefail
            : "${SLURM_ARRAY_TASK_ID:?submit this script with sbatch: it is a job array}"
            echo "gradbook: shard ${SLURM_ARRAY_TASK_ID}/\(tasks), job ${SLURM_ARRAY_JOB_ID:-?}_${SLURM_ARRAY_TASK_ID}, \
            restart ${SLURM_RESTART_COUNT:-0}, on $(hostname) at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
            # Near the time limit: in-flight runs checkpoint, then this task requeues itself.
            requeue=0
            gradbook=""
            trap 'requeue=1; kill -USR1 "$gradbook" 2>/dev/null || true' USR1
            trap 'kill -TERM "$gradbook" 2>/dev/null || true' TERM
            \(command) &
            gradbook=$!
            status=0
            # A trapped signal ends `wait` early: wait again until gradbook has checkpointed and exited.
            while true; do
              wait "$gradbook" && status=0 || status=$?
              kill -0 "$gradbook" 2>/dev/null || break
            done
            if [ "$requeue" = 1 ]; then
              echo "gradbook: time limit near: requeueing ${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID} at $(date -u +%Y-%m-%dT%H:%M:%SZ)"
              scontrol requeue "${SLURM_ARRAY_JOB_ID}_${SLURM_ARRAY_TASK_ID}"
              exit 0
            fi
            exit "$status"

            """
    }

    /// The report job: merges whatever records exist and marks missing runs with their array task.
    public var report: String {
        let command = [
            ShellQuoting.quote(layout.executable), "report", ShellQuoting.quote(layout.notebook),
            "--out", ShellQuoting.quote(layout.outputRoot), "--shards", "\(resources.tasks)",
        ].joined(separator: " ")
        return """
            #!/bin/bash
            # gradbook report of \(layout.notebook), after its job array:
            #   sbatch --dependency=afterany:<array job id> \(layout.reportScript)
            # Written by `gradbook slurm`.
            #SBATCH --job-name=\(layout.jobName)-report
            \(resourceLines(cpus: 1))
            #SBATCH --output=\(Self.sbatchPath("\(layout.logsFolder)/report_%j.out"))
            #SBATCH --error=\(Self.sbatchPath("\(layout.logsFolder)/report_%j.err"))
            #SBATCH --open-mode=append
            set -euo pipefail
            exec \(command)

            """
    }

    /// The commands that submit both scripts by hand (what `--submit` runs).
    public var submitCommands: [String] {
        [
            "array=$(sbatch --parsable \(ShellQuoting.quote(layout.sweepScript)))",
            "sbatch --dependency=afterany:$array \(ShellQuoting.quote(layout.reportScript))",
        ]
    }

    private func resourceLines(cpus: Int) -> String {
        var lines = [
            "#SBATCH --cpus-per-task=\(cpus)",
            "#SBATCH --time=\(resources.time)",
            "#SBATCH --mem=\(resources.memory)",
        ]
        if let partition = resources.partition { lines.append("#SBATCH --partition=\(partition)") }
        if let account = resources.account { lines.append("#SBATCH --account=\(account)") }
        return lines.joined(separator: "\n")
    }

    /// A path for an `#SBATCH --output` line whose `%A`/`%a`/`%j` are Slurm's patterns: a literal
    /// `%` in the folder name is doubled, and a path with spaces is double-quoted.
    static func sbatchPath(_ pattern: String) -> String {
        let folder = (pattern as NSString).deletingLastPathComponent
        let name = (pattern as NSString).lastPathComponent
        let escaped = folder.replacingOccurrences(of: "%", with: "%%") + "/" + name
        guard escaped.contains(where: { $0.isWhitespace || $0 == "\"" || $0 == "'" }) else { return escaped }
        return "\"" + escaped.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}
