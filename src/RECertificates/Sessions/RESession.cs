using System;

namespace RECertificates
{
    /// <summary>A connection to one Redis Enterprise cluster (placeholder; filled in by the foundation work).</summary>
    public sealed class RESession
    {
        public Uri Uri { get; internal set; } = new Uri("https://localhost:9443/");
        public string UserName { get; internal set; } = "";
        public string? ClusterName { get; internal set; }
        public override string ToString() => $"{UserName}@{ClusterName} ({Uri})";
    }
}
