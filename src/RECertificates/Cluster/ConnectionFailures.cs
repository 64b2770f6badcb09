using System;
using System.IO;
using System.Net.Sockets;
using System.Security.Authentication;
using RECertificates.Sessions;

namespace RECertificates.Cluster
{
    /// <summary>
    /// What it means when no answer came: the deadline passed, the cluster could not be reached, its certificate was
    /// not trusted, its answer was too large, or the connection broke. Worded so a person can act on it; the answers
    /// that did come are <see cref="ErrorAnswers"/>'s.
    /// </summary>
    internal sealed class ConnectionFailures
    {
        /// <summary>The error id of a connection that broke after it was made: the request may have arrived.</summary>
        public const string ConnectionLostId = "ConnectionLost";

        private readonly ClusterConnectionSettings _settings;

        public ConnectionFailures(ClusterConnectionSettings settings)
        {
            _settings = settings;
        }

        public REApiException TimedOut(ClusterRequest request) =>
            new REApiException(
                $"{request.Cluster} did not answer the request for {request.Subject} within {request.Timeout.TotalSeconds:0.#} seconds." +
                (request.IsWrite ? " The cluster may still apply the change: check with Get-RECertificate before running the command again." : string.Empty) +
                " If the cluster is slow, raise -TimeoutSec on Connect-RECluster.",
                FailureKind.Timeout, "RequestTimedOut");

        /// <summary>An HttpRequestException or IOException of the exchange, in words.</summary>
        public REApiException Describe(Exception exception, ClusterRequest request)
        {
            if (Find<AuthenticationException>(exception) != null)
            {
                return NotTrusted();
            }

            SocketException? socket = Find<SocketException>(exception);
            if (socket != null && NeverConnected(socket.SocketErrorCode))
            {
                return new REApiException(
                    $"Could not reach the cluster at {_settings.BaseUri} for {request.Subject}: {socket.Message}. Check the host name, the port (9443 by default), and that no firewall or proxy blocks it.",
                    FailureKind.ConnectionError, "ClusterUnreachable", innerException: null);
            }

            if (Find<InvalidDataException>(exception) != null)
            {
                return new REApiException(
                    $"{request.Cluster} sent an answer for {request.Subject} larger than any certificate list could be ({ClusterExchange.MaximumResponseBytes / (1024 * 1024)} MiB). Check that the address is the cluster's REST API.",
                    FailureKind.InvalidResult, "InvalidResponse");
            }

            string cluster = request.Cluster;
            return new REApiException(
                $"The connection to {cluster.Substring(0, 1).ToLowerInvariant() + cluster.Substring(1)} was lost during the request for {request.Subject} ({exception.GetBaseException().Message}). Check the network and the cluster's health, then try again.",
                FailureKind.ConnectionError, ConnectionLostId);
        }

        private REApiException NotTrusted()
        {
            PresentedCertificate? presented = _settings.Trust.LastPresented;
            string[] pins = _settings.Trust.Pins;
            string which = presented == null
                ? "its certificate"
                : $"its certificate (subject '{presented.Subject}', SHA-256 thumbprint {presented.Sha256})";
            string why = pins.Length > 0
                ? $"it matches none of the pinned thumbprints ({string.Join(", ", pins)})"
                : presented != null ? $"this machine does not trust it ({presented.Errors})" : "the TLS handshake failed";
            string advice = presented != null
                ? $" If this is the cluster's own certificate, pin it: Connect-RECluster {_settings.BaseUri.Host}:{_settings.BaseUri.Port} -CertificateThumbprint {presented.Sha256} (its SHA-256 thumbprint: compare it with the cluster's first, for example openssl x509 -noout -fingerprint -sha256 -in api.pem), or trust its CA on this machine."
                : " Check that the address is the cluster's REST API and that it speaks TLS 1.2 or 1.3.";
            return new REApiException(
                $"The cluster at {_settings.BaseUri} was not trusted: {which} was refused because {why}.{advice} -SkipCertificateCheck turns verification off, which is not recommended.",
                FailureKind.SecurityError, "ServerCertificateNotTrusted", innerException: null);
        }

        /// <summary>
        /// Socket errors of the connecting phase: nothing of the request left this machine, so it is "unreachable",
        /// not a lost answer. Any other (a reset, a broken pipe) may come after the cluster read the request.
        /// </summary>
        private static bool NeverConnected(SocketError error) =>
            error == SocketError.ConnectionRefused || error == SocketError.HostNotFound || error == SocketError.HostUnreachable
            || error == SocketError.NetworkUnreachable || error == SocketError.NetworkDown || error == SocketError.TryAgain
            || error == SocketError.NoData || error == SocketError.AddressNotAvailable || error == SocketError.TimedOut;

        private static T? Find<T>(Exception exception)
            where T : Exception
        {
            for (Exception? current = exception; current != null; current = current.InnerException)
            {
                if (current is T found)
                {
                    return found;
                }
            }

            return null;
        }
    }
}
