using System;
using System.Threading;
using System.Threading.Tasks;
using RECertificates.Cluster;

namespace RECertificates.Serving
{
    /// <summary>
    /// What the verification needs of its caller, and nothing more: a way to run network work (its log and
    /// progress written from the pipeline thread, Ctrl+C cancelling it), and where its findings go.
    /// </summary>
    internal interface IServingOutput
    {
        T Run<T>(Func<ICallLog, CancellationToken, Task<T>> work);

        void Verbose(string text);

        void Warning(string text);

        /// <summary>A node that still serves another certificate when the time is up: ErrorId NotServed.</summary>
        void NotServed(REServedCertificate served, string message);
    }
}
