using System;
using RECertificates.Cluster;

namespace RECertificates
{
    /// <summary>
    /// A request to a cluster failed: the cluster answered with an error, or did not answer at all
    /// (<see cref="StatusCode"/> is 0 then). The message is written for the person reading the log: what
    /// happened, to which cluster and certificate, and what to try next. It never holds a secret.
    /// </summary>
    [Serializable]
    public sealed class REApiException : Exception
    {
        internal REApiException(string message, FailureKind kind, string errorId, int statusCode = 0,
            string? errorCode = null, string? description = null, Exception? innerException = null)
            : base(message, innerException)
        {
            Kind = kind;
            ErrorId = errorId;
            StatusCode = statusCode;
            ErrorCode = errorCode;
            Description = description;
        }

        /// <summary>The HTTP status the cluster answered with; 0 when no answer came (timeout, TLS, network).</summary>
        public int StatusCode { get; }

        /// <summary>The cluster's own <c>error_code</c>, when its answer had one.</summary>
        public string? ErrorCode { get; }

        /// <summary>The cluster's own words (<c>description</c> or <c>message</c>, else the raw text).</summary>
        public string? Description { get; }

        /// <summary>The stable identifier that the module's error records carry as <c>ErrorId</c>.</summary>
        public string ErrorId { get; }

        internal FailureKind Kind { get; }
    }
}
