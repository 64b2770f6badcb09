using System;
using System.Text;
using System.Text.Json;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Reads a cluster's error answer. The OpenAPI file says <c>{"error_code","description"}</c>, many prose
    /// pages say <c>message</c>, and some answers are empty or plain text: read them in that order. What is kept
    /// is scrubbed of secrets and capped (see <see cref="SecretScrubber.ScrubMessage"/>).
    /// </summary>
    internal sealed class ClusterErrorBody
    {
        private const int MaximumRawBytes = 64 * 1024;

        private ClusterErrorBody(string? errorCode, string? description)
        {
            // Both reach exception messages: a cluster (or whatever answers in its place) may echo the request
            // body, key included, so they are scrubbed and capped here, once, before anyone reads them.
            ErrorCode = SecretScrubber.ScrubMessage(errorCode);
            Description = SecretScrubber.ScrubMessage(description);
        }

        public string? ErrorCode { get; }

        public string? Description { get; }

        public static ClusterErrorBody Parse(ArraySegment<byte> body)
        {
            if (body.Count == 0)
            {
                return new ClusterErrorBody(null, null);
            }

            try
            {
                using var document = JsonDocument.Parse(body.AsMemory());
                if (document.RootElement.ValueKind == JsonValueKind.Object)
                {
                    string? code = ReadString(document.RootElement, "error_code");
                    string? text = ReadString(document.RootElement, "description") ?? ReadString(document.RootElement, "message");
                    if (code != null || text != null)
                    {
                        return new ClusterErrorBody(code, text);
                    }
                }
            }
            catch (JsonException)
            {
                // Not JSON: fall through to the raw text.
            }

            // Only the start is read: the scrubber caps the text anyway, and a whole body is not worth a string.
            string raw = Encoding.UTF8.GetString(body.Array!, body.Offset, Math.Min(body.Count, MaximumRawBytes)).Trim();
            return new ClusterErrorBody(null, raw.Length == 0 ? null : raw);
        }

        private static string? ReadString(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
