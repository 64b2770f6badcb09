using System;

namespace RECertificates.Cluster
{
    /// <summary>
    /// The request may have reached the cluster, and no answer came back: the deadline passed, or the connection broke
    /// after it was made. <see cref="ClusterExchange"/> throws it; <see cref="RequestRetries"/> decides what follows (a
    /// write is handed on as an <see cref="AnswerLostException"/>, a read whose connection broke is asked again).
    /// Failures before anything was sent (unreachable, untrusted) are plain <see cref="REApiException"/>s instead.
    /// </summary>
    internal sealed class NoAnswerException : Exception
    {
        public NoAnswerException(REApiException failure, bool timedOut)
            : base(failure.Message, failure)
        {
            Failure = failure;
            TimedOut = timedOut;
        }

        /// <summary>What happened, in the user's words.</summary>
        public REApiException Failure { get; }

        /// <summary>The deadline passed (not worth asking again: it would only wait as long once more), rather than the connection breaking.</summary>
        public bool TimedOut { get; }
    }
}
