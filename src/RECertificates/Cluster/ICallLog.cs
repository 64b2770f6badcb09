namespace RECertificates.Cluster
{
    /// <summary>
    /// Where the cluster code tells what it does. The cluster code never writes to a PowerShell stream (it may
    /// run on a worker thread); the cmdlet hands it a log whose messages it writes from the pipeline thread.
    /// Nothing passed here may hold a secret.
    /// </summary>
    internal interface ICallLog
    {
        /// <summary>Whether debug messages are shown: redacting a whole body only to drop it would waste time.</summary>
        bool IsDebugEnabled { get; }

        void Verbose(string message);

        void Debug(string message);

        /// <summary>
        /// How a long wait is going (waiting for the REST API to answer again, for example); <paramref name="status"/>
        /// null means the wait is over. Shown as a progress bar.
        /// </summary>
        void Progress(string activity, string? status);
    }

    /// <summary>A log that drops everything: for callers that do not listen (the argument completer, tests).</summary>
    internal sealed class NullCallLog : ICallLog
    {
        public static readonly NullCallLog Instance = new NullCallLog();

        public bool IsDebugEnabled => false;

        public void Verbose(string message)
        {
        }

        public void Debug(string message)
        {
        }

        public void Progress(string activity, string? status)
        {
        }
    }
}
