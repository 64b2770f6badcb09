using System;

namespace RECertificates.Cluster
{
    /// <summary>
    /// A write went out and its answer did not come back (the connection dropped, the deadline passed, or a 5xx
    /// came after the body was sent): the cluster may or may not have applied it. Only the transport throws it, and
    /// only <see cref="OutcomeResolver"/> catches it, to look before anything is sent again.
    /// </summary>
    internal sealed class AnswerLostException : Exception
    {
        private readonly Func<int, REApiException>? _afterSends;

        /// <param name="failure">What happened, in the user's words.</param>
        /// <param name="afterSends">The same failure worded for a number of sends, when the wording counts them.</param>
        public AnswerLostException(REApiException failure, Func<int, REApiException>? afterSends = null)
            : base(failure.Message, failure)
        {
            Failure = failure;
            _afterSends = afterSends;
        }

        public REApiException Failure { get; }

        /// <summary>The failure to report once <paramref name="sends"/> requests all ended this way.</summary>
        public REApiException After(int sends) => _afterSends?.Invoke(sends) ?? Failure;
    }
}
