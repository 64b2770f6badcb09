using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RECertificates
{
    /// <summary>
    /// Makes a request or response body fit for debug output: every value whose property name says it is a
    /// key or a password is replaced by a placeholder, and long PEM certificates are shortened.
    /// </summary>
    internal static class JsonRedactor
    {
        public const string Placeholder = "<redacted>";
        private const int MaximumValueLength = 120;

        public static string Redact(ArraySegment<byte> json)
        {
            try
            {
                var reader = new Utf8JsonReader(json.AsSpan(), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
                using var output = new MemoryStream();

                // Relaxed escaping: the text is read by people in a console, not embedded in HTML, and the default
                // encoder would show the placeholder as \u003Credacted\u003E.
                using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                {
                    string? property = null;
                    while (reader.Read())
                    {
                        switch (reader.TokenType)
                        {
                            case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                            case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                            case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                            case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                            case JsonTokenType.PropertyName:
                                property = reader.GetString();
                                writer.WritePropertyName(property!);
                                continue;
                            case JsonTokenType.String:
                                writer.WriteStringValue(IsSecret(property) ? Placeholder : Shorten(reader.GetString()));
                                break;
                            case JsonTokenType.Number:
                            case JsonTokenType.True:
                            case JsonTokenType.False:
                            case JsonTokenType.Null:
                                writer.WriteRawValue(reader.ValueSpan, skipInputValidation: true);
                                break;
                        }

                        property = null;
                    }
                }

                return Encoding.UTF8.GetString(output.ToArray());
            }
            catch (JsonException)
            {
                // Never echo a body we could not read: it might hold a secret in a shape we do not know.
                return $"<{json.Count} bytes, not JSON>";
            }
        }

        public static bool IsSecret(string? propertyName) =>
            propertyName != null &&
            (propertyName.Equals("key", StringComparison.OrdinalIgnoreCase)
             || propertyName.EndsWith("_key", StringComparison.OrdinalIgnoreCase)
             || propertyName.IndexOf("password", StringComparison.OrdinalIgnoreCase) >= 0
             || propertyName.IndexOf("secret", StringComparison.OrdinalIgnoreCase) >= 0);

        private static string? Shorten(string? value)
        {
            if (value == null || value.Length <= MaximumValueLength)
            {
                return value;
            }

            // Any PEM block in a value not named as a key is still checked: a private key never goes out.
            if (value.IndexOf("PRIVATE KEY", StringComparison.Ordinal) >= 0)
            {
                return Placeholder;
            }

            return value.Substring(0, MaximumValueLength) + $"...({value.Length} chars)";
        }
    }
}
