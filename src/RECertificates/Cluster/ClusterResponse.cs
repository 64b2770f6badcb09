using System;

namespace RECertificates.Cluster
{
    /// <summary>A successful answer: its status and body. Disposing wipes the body (it may hold keys).</summary>
    internal sealed class ClusterResponse : IDisposable
    {
        private readonly ClearingBufferWriter _body;

        public ClusterResponse(int statusCode, ClearingBufferWriter body)
        {
            StatusCode = statusCode;
            _body = body;
        }

        public int StatusCode { get; }

        public ArraySegment<byte> Body => _body.WrittenSegment;

        public void Dispose() => _body.Dispose();
    }
}
