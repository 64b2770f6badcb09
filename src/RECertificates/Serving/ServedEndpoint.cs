using System;

namespace RECertificates.Serving
{
    /// <summary>One place a node presents a certificate: which name, which node (null when no node has the address), where.</summary>
    internal sealed class ServedEndpoint : IEquatable<ServedEndpoint>
    {
        public ServedEndpoint(string name, int? nodeUid, string address, int port)
        {
            Name = name;
            NodeUid = nodeUid;
            Address = address;
            Port = port;
        }

        public string Name { get; }

        public int? NodeUid { get; }

        public string Address { get; }

        public int Port { get; }

        /// <summary>"node 3 (10.0.0.3:9443)", for messages.</summary>
        public string Describe() => $"{(NodeUid is int uid ? $"node {uid}" : "an endpoint of no listed node")} ({Address}:{Port})";

        public bool Equals(ServedEndpoint? other) =>
            other != null && other.Name == Name && other.NodeUid == NodeUid && other.Address == Address && other.Port == Port;

        public override bool Equals(object? obj) => Equals(obj as ServedEndpoint);

        public override int GetHashCode() => (Name, NodeUid, Address, Port).GetHashCode();

        public override string ToString() => $"{Name} on {Describe()}";
    }
}
