using System;

namespace RECertificates.Cluster
{
    /// <summary>
    /// What one exchange got back, whatever its status: status, reason, where a redirect points, and the body in a
    /// wiped buffer. Disposing wipes the body (it may hold keys), unless <see cref="ToResponse"/> handed it on.
    /// </summary>
    internal sealed class ClusterAnswer : IDisposable
    {
        private readonly ClearingBufferWriter _body;

        public ClusterAnswer(int status, string reason, Uri? location, ClearingBufferWriter body)
        {
            Status = status;
            Reason = reason;
            Location = location;
            _body = body;
        }

        public int Status { get; }

        public string Reason { get; }

        /// <summary>The Location header: where a redirect points, if it says.</summary>
        public Uri? Location { get; }

        public ArraySegment<byte> Body => _body.WrittenSegment;

        public bool IsSuccess => Status >= 200 && Status < 300;

        /// <summary>The successful answer for the caller, who then owns (and wipes) the body: this answer is not disposed after.</summary>
        public ClusterResponse ToResponse() => new ClusterResponse(Status, _body);

        public void Dispose() => _body.Dispose();
    }
}
