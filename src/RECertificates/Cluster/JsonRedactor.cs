using System;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Makes a request or response body fit for debug output: every value whose property name looks secret (by the
    /// patterns of <see cref="SecretScrubber"/>: pass, token, secret, key, credential, auth...), everything nested
    /// under such a name, and any value holding a private key is replaced by a placeholder; long values are shortened.
    /// </summary>
    internal static class JsonRedactor
    {
        public const string Placeholder = SecretScrubber.Placeholder;
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

                    // Depth of the containers (objects, arrays) opened under a secret name: all inside is secret.
                    int secretDepth = 0;
                    while (reader.Read())
                    {
                        switch (reader.TokenType)
                        {
                            case JsonTokenType.StartObject:
                            case JsonTokenType.StartArray:
                                if (secretDepth > 0 || SecretScrubber.IsSecretName(property))
                                {
                                    secretDepth++;
                                }

                                WriteContainerToken(writer, reader.TokenType);
                                break;
                            case JsonTokenType.EndObject:
                            case JsonTokenType.EndArray:
                                secretDepth = Math.Max(0, secretDepth - 1);
                                WriteContainerToken(writer, reader.TokenType);
                                break;
                            case JsonTokenType.PropertyName:
                                property = reader.GetString();
                                writer.WritePropertyName(property!);
                                continue;
                            case JsonTokenType.String:
                                writer.WriteStringValue(secretDepth > 0 || SecretScrubber.IsSecretName(property) ? Placeholder : Shorten(reader.GetString()));
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

        private static void WriteContainerToken(Utf8JsonWriter writer, JsonTokenType token)
        {
            switch (token)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                default: writer.WriteEndArray(); break;
            }
        }

        private static string? Shorten(string? value)
        {
            // Any private key in a value not named as a secret is still hidden, whole: a key never goes out.
            if (value == null || SecretScrubber.HoldsPrivateKey(value))
            {
                return value == null ? null : Placeholder;
            }

            // Free text (a cluster's error description) may echo a field: "password=..." in it is hidden too.
            value = SecretScrubber.RedactFields(value);
            return value.Length <= MaximumValueLength ? value : value.Substring(0, MaximumValueLength) + $"...({value.Length} chars)";
        }
    }
}
