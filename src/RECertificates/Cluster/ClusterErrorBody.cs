using System;
using System.Text;
using System.Text.Json;

namespace RECertificates
{
    /// <summary>
    /// Reads a cluster's error answer. The OpenAPI file says <c>{"error_code","description"}</c>, many prose
    /// pages say <c>message</c>, and some answers are empty or plain text: read them in that order.
    /// </summary>
    internal sealed class ClusterErrorBody
    {
        private const int MaximumRawTextLength = 300;

        private ClusterErrorBody(string? errorCode, string? description)
        {
            ErrorCode = errorCode;
            Description = description;
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

            string raw = Encoding.UTF8.GetString(body.Array!, body.Offset, body.Count).Trim();
            if (raw.Length > MaximumRawTextLength)
            {
                raw = raw.Substring(0, MaximumRawTextLength) + "...";
            }

            return new ClusterErrorBody(null, raw.Length == 0 ? null : raw);
        }

        private static string? ReadString(JsonElement element, string property) =>
            element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()
                : null;
    }
}
