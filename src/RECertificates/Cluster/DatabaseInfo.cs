using System.Collections.Generic;

namespace RECertificates.Cluster
{
    /// <summary>What the module needs of one database of <c>GET /v1/bdbs</c>: whether it speaks TLS, and where.</summary>
    internal sealed class DatabaseInfo
    {
        public DatabaseInfo(int uid, string? name, string? tlsMode, IReadOnlyList<DatabaseEndpoint> endpoints)
        {
            Uid = uid;
            Name = name;
            TlsMode = tlsMode;
            Endpoints = endpoints;
        }

        public int Uid { get; }

        public string? Name { get; }

        /// <summary><c>tls_mode</c>: <c>enabled</c>, <c>disabled</c> or <c>replica_ssl</c>.</summary>
        public string? TlsMode { get; }

        public IReadOnlyList<DatabaseEndpoint> Endpoints { get; }
    }

    /// <summary>One entry of a database's <c>endpoints</c>: its name, port and the addresses of the proxies behind it.</summary>
    internal sealed class DatabaseEndpoint
    {
        public DatabaseEndpoint(string? dnsName, int? port, IReadOnlyList<string> addresses, string? addressType)
        {
            DnsName = dnsName;
            Port = port;
            Addresses = addresses;
            AddressType = addressType;
        }

        public string? DnsName { get; }

        public int? Port { get; }

        /// <summary><c>addr</c>: the proxies' addresses, one per node that serves the endpoint.</summary>
        public IReadOnlyList<string> Addresses { get; }

        /// <summary><c>addr_type</c>: <c>internal</c> or <c>external</c>.</summary>
        public string? AddressType { get; }
    }
}
