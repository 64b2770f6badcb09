using System.Collections.Concurrent;
using System.Threading;
using RECertificates.Cluster;

namespace RECertificates.Commands
{
    /// <summary>
    /// Collects what the cluster code tells from any thread, so the cmdlet can write it from the pipeline thread
    /// (PowerShell refuses Write* calls from other threads).
    /// </summary>
    internal sealed class PipelineCallLog : ICallLog
    {
        private readonly ConcurrentQueue<LogMessage> _messages = new ConcurrentQueue<LogMessage>();

        public PipelineCallLog(ManualResetEventSlim wake, bool isDebugEnabled)
        {
            Wake = wake;
            IsDebugEnabled = isDebugEnabled;
        }

        public bool IsDebugEnabled { get; }

        /// <summary>Set whenever a message arrives, so the pipeline thread writes it without polling delay.</summary>
        public ManualResetEventSlim Wake { get; }

        public void Verbose(string message) => Add(LogLevel.Verbose, message);

        public void Debug(string message) => Add(LogLevel.Debug, message);

        public void Progress(string activity, string? status)
        {
            _messages.Enqueue(new LogMessage(LogLevel.Progress, status ?? string.Empty, activity));
            Wake.Set();
        }

        public bool TryTake(out LogMessage message) => _messages.TryDequeue(out message!);

        private void Add(LogLevel level, string text)
        {
            _messages.Enqueue(new LogMessage(level, text));
            Wake.Set();
        }

        internal enum LogLevel
        {
            Verbose,
            Debug,
            Progress,
        }

        internal sealed class LogMessage
        {
            public LogMessage(LogLevel level, string text, string? activity = null)
            {
                Level = level;
                Text = text;
                Activity = activity;
            }

            public LogLevel Level { get; }

            public string Text { get; }

            /// <summary>For progress: the activity; its text is the status, empty once the wait is over.</summary>
            public string? Activity { get; }
        }
    }
}
