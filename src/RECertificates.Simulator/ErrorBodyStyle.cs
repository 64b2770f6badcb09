namespace RECertificates.Simulator;

/// <summary>
/// How error bodies are spelled. The OpenAPI file says {"error_code","description"}, prose pages say "message",
/// and proxies answer with empty or plain-text bodies: a client must cope with all four, so tests can pick one.
/// Echo is the hostile case: a description that repeats the request body, key included (some servers do).
/// </summary>
public enum ErrorBodyStyle { Description, Message, Empty, Text, Echo }

public static class ErrorBodyStyles
{
    public static ErrorBodyStyle? TryParse(string text) => text.ToLowerInvariant() switch
    {
        "description" => ErrorBodyStyle.Description,
        "message" => ErrorBodyStyle.Message,
        "empty" => ErrorBodyStyle.Empty,
        "text" => ErrorBodyStyle.Text,
        "echo" => ErrorBodyStyle.Echo,
        _ => null,
    };

    public static string Name(ErrorBodyStyle style) => style.ToString().ToLowerInvariant();
}
