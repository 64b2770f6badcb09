using RECertificates.Cluster;

namespace RECertificates.Certificates
{
    /// <summary>
    /// One problem found with a certificate input: the cmdlets turn it into an ErrorRecord (or a warning).
    /// The message is written for the person reading a log: it names the file or certificate and says what to do.
    /// It never contains key material.
    /// </summary>
    internal sealed class ValidationIssue
    {
        public ValidationIssue(string id, string message, string target, FailureKind kind)
        {
            Id = id;
            Message = message;
            Target = target;
            Kind = kind;
        }

        /// <summary>The stable ErrorId, one of <see cref="IssueIds"/>.</summary>
        public string Id { get; }

        public string Message { get; }

        /// <summary>The file path or certificate name the issue is about (the ErrorRecord's TargetObject).</summary>
        public string Target { get; }

        /// <summary>What kind of failure it is; decides the ErrorRecord's category and exception type.</summary>
        public FailureKind Kind { get; }

        public override string ToString() => $"{Id}: {Message}";
    }
}
