using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Hosting;
using RECertificates.Cluster;
using RECertificates.Sessions;

namespace RECertificates.Commands
{
    /// <summary>
    /// The plumbing every cmdlet of the module shares: finding the session, cancelling on Ctrl+C, running cluster
    /// calls while writing their verbose and debug messages from the pipeline thread, progress for fan-out, and
    /// turning failures into error records.
    /// </summary>
    public abstract class RECmdlet : PSCmdlet
    {
        private readonly CancellationTokenSource _stopping = new CancellationTokenSource();

        private ICommandHost? _commandHost;

        /// <summary>Cancelled when the user presses Ctrl+C or the pipeline stops.</summary>
        internal CancellationToken CancellationToken => _stopping.Token;

        /// <summary>This cmdlet as the orchestration sees it: the one seam between PowerShell and the work (see ICommandHost).</summary>
        internal ICommandHost CommandHost => _commandHost ??= new CmdletHost(this);

        /// <summary>The runspace this cmdlet runs in: the key of the per-runspace default session.</summary>
        internal static object CurrentRunspace => (object?)Runspace.DefaultRunspace ?? typeof(RECmdlet);

        protected override void StopProcessing()
        {
            _stopping.Cancel();
            base.StopProcessing();
        }

        /// <summary>
        /// Adds this record's sessions (those given, else the default) to what the pipeline brought so far, each once,
        /// so a command that asks every cluster at once in EndProcessing gathers them in ProcessRecord.
        /// </summary>
        internal void GatherSessions(RESession[]? given, List<RESession> gathered)
        {
            foreach (RESession session in ResolveSessions(given))
            {
                if (!gathered.Contains(session))
                {
                    gathered.Add(session);
                }
            }
        }

        /// <summary>Adds this record's -Name values to those gathered so far, each once (names compare without case).</summary>
        internal static void GatherNames(string[]? given, List<string> gathered)
        {
            foreach (string name in given ?? Array.Empty<string>())
            {
                if (!gathered.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    gathered.Add(name);
                }
            }
        }

        /// <summary>
        /// The sessions to work on: those given, else the runspace's default. No session at all stops the cmdlet,
        /// because there is nothing it could do.
        /// </summary>
        internal IReadOnlyList<RESession> ResolveSessions(RESession[]? given)
        {
            if (given != null && given.Length > 0)
            {
                return given.Where(s => s != null).Distinct().ToList();
            }

            RESession? current = DefaultSessionStore.Get(CurrentRunspace);
            if (current == null || !current.IsConnected)
            {
                ThrowTerminatingError(ErrorRecords.Create(CommandErrorIds.NoSession, FailureKind.ConnectionError, null,
                    "There is no cluster session. Run Connect-RECluster first (for example: Connect-RECluster cluster.example.com -Credential (Get-Credential)), or pass -Session."));
            }

            return new[] { current! };
        }

        /// <summary>
        /// The one cluster a changing cmdlet works on: the session given, else the runspace's default (none stops the
        /// cmdlet). Warns, once per session, when its certificate is not verified.
        /// </summary>
        internal RESession ResolveSession(RESession? given)
        {
            RESession session = ResolveSessions(given == null ? null : new[] { given })[0];
            WarnIfUnverified(session);
            return session;
        }

        /// <summary>Runs one cluster call, writing its messages as they come, and returns its result.</summary>
        internal T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work)
        {
            using var wake = new ManualResetEventSlim(false);
            var log = new PipelineCallLog(wake, IsDebugWanted);
            Task<T> task = StartOnThisThread(() => work(log, CancellationToken));
            Pump(task, log, null);
            return Unwrap(task);
        }

        /// <summary>
        /// Runs one call per item, at most <paramref name="throttle"/> at once, showing progress; returns the
        /// outcomes in the items' order. Failures are returned, not thrown: one item never stops the others.
        /// </summary>
        internal IReadOnlyList<Outcome<TResult>> RunEach<TItem, TResult>(IReadOnlyList<TItem> items, int throttle, string activity,
            Func<TItem, ICallLog, CancellationToken, Task<TResult>> work)
        {
            using var wake = new ManualResetEventSlim(false);
            var log = new PipelineCallLog(wake, IsDebugWanted);
            int completed = 0;
            Task<IReadOnlyList<Outcome<TResult>>> task = StartOnThisThread(() => FanOut.RunAsync(items, throttle,
                (item, token) => work(item, log, token),
                done =>
                {
                    Interlocked.Exchange(ref completed, done);
                    wake.Set();
                },
                CancellationToken));
            var progress = items.Count > 1 ? new ProgressRecord(ActivityIds.FanOut, activity, $"0 of {items.Count} done") : null;
            Pump(task, log, () =>
            {
                if (progress != null)
                {
                    int done = Volatile.Read(ref completed);
                    progress.StatusDescription = $"{done} of {items.Count} done";
                    progress.PercentComplete = (int)(100.0 * done / items.Count);
                    WriteProgress(progress);
                }
            });
            if (progress != null)
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }

            return Unwrap(task);
        }

        /// <summary>Writes a failure about one item (a file, a certificate, a cluster) and goes on.</summary>
        internal void WriteFailure(Exception exception, object? target) => WriteError(ErrorRecords.From(exception, target));

        /// <summary>
        /// Verbose text, except where -Debug would make it a prompt (see <see cref="DebugWouldAsk"/>): then it is
        /// written as debug text. Every cmdlet of the module writes through this one, since it hides Cmdlet.WriteVerbose.
        /// </summary>
        public new void WriteVerbose(string text)
        {
            if (DebugWouldAsk("Verbose"))
            {
                WriteDebug(text);
                return;
            }

            base.WriteVerbose(DisplayText.Escape(text));
        }

        /// <summary>
        /// A warning, except where -Debug would make it a prompt (see <see cref="DebugWouldAsk"/>): then it is written
        /// as debug text marked WARNING. Every cmdlet of the module writes through this one, since it hides
        /// Cmdlet.WriteWarning.
        /// </summary>
        public new void WriteWarning(string text)
        {
            if (DebugWouldAsk("WarningAction"))
            {
                WriteDebug("WARNING: " + text);
                return;
            }

            base.WriteWarning(DisplayText.Escape(text));
        }

        // Every message of the module reaches the host through one of the members below (they hide Cmdlet's own
        // for the module's code), and each shows what came from a cluster or a file with its control characters
        // escaped (see DisplayText): a software_version, a name or an error text with ESC sequences is shown as
        // \u001B, in the console, in logs and in transcripts alike.

        internal new void WriteDebug(string text) => base.WriteDebug(DisplayText.Escape(text));

        internal new void WriteError(ErrorRecord record) => base.WriteError(ForDisplay(record));

        internal new void ThrowTerminatingError(ErrorRecord record) => base.ThrowTerminatingError(ForDisplay(record));

        internal new void WriteProgress(ProgressRecord record)
        {
            record.Activity = DisplayText.Escape(record.Activity);
            record.StatusDescription = DisplayText.Escape(record.StatusDescription);
            record.CurrentOperation = DisplayText.Escape(record.CurrentOperation);
            base.WriteProgress(record);
        }

        internal new bool ShouldProcess(string target, string action) =>
            base.ShouldProcess(DisplayText.Escape(target), DisplayText.Escape(action));

        internal new bool ShouldProcess(string verboseDescription, string verboseWarning, string caption) =>
            base.ShouldProcess(DisplayText.Escape(verboseDescription), DisplayText.Escape(verboseWarning), DisplayText.Escape(caption));

        /// <summary>The record with its message (and target name) escaped where they hold control characters.</summary>
        internal static ErrorRecord ForDisplay(ErrorRecord record)
        {
            string? message = record.ErrorDetails?.Message ?? record.Exception?.Message;
            if (DisplayText.NeedsEscape(message))
            {
                string? advice = record.ErrorDetails?.RecommendedAction;
                record.ErrorDetails = new ErrorDetails(DisplayText.Escape(message)) { RecommendedAction = DisplayText.Escape(advice) };
            }

            if (DisplayText.NeedsEscape(record.CategoryInfo.TargetName))
            {
                record.CategoryInfo.TargetName = DisplayText.Escape(record.CategoryInfo.TargetName);
            }

            return record;
        }

        /// <summary>
        /// Whether PowerShell would turn a message into a prompt. For a compiled cmdlet it keeps its old rule that
        /// -Debug means Inquire for verbose messages (unless -Verbose is given) and for warnings (unless
        /// -WarningAction is given), though PowerShell 7 dropped it for debug messages. In a non-interactive host,
        /// such as a scheduled task, that prompt fails the command; -Debug is meant to show everything, not to ask.
        /// </summary>
        private bool DebugWouldAsk(string overridingParameter) =>
            DebugSwitch == true && !MyInvocation.BoundParameters.ContainsKey(overridingParameter);

        /// <summary>Writes the 'not verified' warning once for each of these sessions, before any of them is asked.</summary>
        internal void WarnIfUnverified(IEnumerable<RESession> sessions)
        {
            foreach (RESession session in sessions)
            {
                WarnIfUnverified(session);
            }
        }

        /// <summary>Writes the 'not verified' warning once per session.</summary>
        internal void WarnIfUnverified(RESession session)
        {
            if (session.SkipCertificateCheck && !session.UnverifiedWarningWritten)
            {
                session.UnverifiedWarningWritten = true;
                WriteWarning($"The certificate of {session.Uri} is not verified (-SkipCertificateCheck): anyone between here and the cluster could read the credential. Pin the cluster's certificate with -CertificateThumbprint instead.");
            }
        }

        /// <summary>Whether -Debug (or, without it, $DebugPreference) asks for debug messages.</summary>
        internal bool IsDebugWanted =>
            DebugSwitch ?? (GetVariableValue("DebugPreference") is ActionPreference preference && preference != ActionPreference.SilentlyContinue);

        /// <summary>-Debug as given (-Debug or -Debug:$false), or null when it was not given.</summary>
        private bool? DebugSwitch =>
            MyInvocation.BoundParameters.TryGetValue("Debug", out object? debug) && debug is SwitchParameter asked ? asked.IsPresent : (bool?)null;

        /// <summary>
        /// Starts async work on the pipeline thread up to its first wait (no thread-pool hop for the common,
        /// quick call); its continuations run on the pool, and only the pipeline thread writes.
        /// </summary>
        private static Task<T> StartOnThisThread<T>(Func<Task<T>> start)
        {
            try
            {
                return start();
            }
            catch (Exception exception)
            {
                return Task.FromException<T>(exception);
            }
        }

        private void Pump(Task task, PipelineCallLog log, Action? onWake)
        {
            _ = task.ContinueWith(_ => log.Wake.Set(), TaskScheduler.Default);
            while (true)
            {
                log.Wake.Wait(250);
                log.Wake.Reset();
                WriteMessages(log);
                onWake?.Invoke();
                if (task.IsCompleted)
                {
                    WriteMessages(log);
                    return;
                }
            }
        }

        private void WriteMessages(PipelineCallLog log)
        {
            while (log.TryTake(out PipelineCallLog.LogMessage message))
            {
                switch (message.Level)
                {
                    case PipelineCallLog.LogLevel.Debug: WriteDebug(message.Text); break;
                    case PipelineCallLog.LogLevel.Progress: WriteWaitProgress(message.Activity!, message.Text); break;
                    default: WriteVerbose(message.Text); break;
                }
            }
        }

        private void WriteWaitProgress(string activity, string status)
        {
            var record = new ProgressRecord(ActivityIds.Wait, activity, status.Length == 0 ? "Done" : status);
            if (status.Length == 0)
            {
                record.RecordType = ProgressRecordType.Completed;
            }

            WriteProgress(record);
        }

        private T Unwrap<T>(Task<T> task)
        {
            try
            {
                return task.GetAwaiter().GetResult();
            }
            catch (OperationCanceledException) when (CancellationToken.IsCancellationRequested)
            {
                // Ctrl+C: PowerShell expects the pipeline to stop, not an error.
                throw new PipelineStoppedException();
            }
        }
    }
}
