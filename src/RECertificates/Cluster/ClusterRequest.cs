using System;
using System.Net.Http;

namespace RECertificates.Cluster
{
    /// <summary>
    /// One request on its way through <see cref="ClusterTransport"/>'s stages: what was asked, and what the stages
    /// learn on the way (where it is sent now, which try this is). It lives for one <c>SendAsync</c> call; the body
    /// stays the caller's, who wipes it.
    /// </summary>
    internal sealed class ClusterRequest
    {
        public ClusterRequest(ClusterOperation operation, HttpMethod method, Uri uri, ClearingBufferWriter? body, string subject, string cluster, TimeSpan timeout)
        {
            Operation = operation;
            Method = method;
            Uri = uri;
            Body = body;
            Subject = subject;
            Cluster = cluster;
            Timeout = timeout;
        }

        /// <summary>What the request is for: the same status means different things per endpoint.</summary>
        public ClusterOperation Operation { get; }

        public HttpMethod Method { get; }

        /// <summary>Anything but a GET: shaped to be sent once, and never re-sent blindly once it may have arrived.</summary>
        public bool IsWrite => Method != HttpMethod.Get;

        /// <summary>Where it is sent: a followed redirect moves it, and the retries go where it moved.</summary>
        public Uri Uri { get; set; }

        public ClearingBufferWriter? Body { get; }

        /// <summary>What the request is about ("certificate 'proxy'"), for the messages.</summary>
        public string Subject { get; }

        /// <summary>How the messages name the cluster ("Cluster 'name' (address)").</summary>
        public string Cluster { get; }

        /// <summary>How long each exchange may take (<see cref="RequestDeadline.For"/>).</summary>
        public TimeSpan Timeout { get; }

        /// <summary>Which try this is, from 1; a followed redirect is part of its try, not a new one.</summary>
        public int Attempt { get; set; } = 1;

        /// <summary>How many redirects were followed so far, over all tries.</summary>
        public int Redirects { get; set; }
    }
}
