namespace RECertificates.Simulator;

/// <summary>Writes error answers in the body style currently chosen (command line, or /__sim/faults at run time).</summary>
public sealed class ErrorWriter(FaultInjector faults)
{
    public Task WriteAsync(HttpContext context, ApiError error) =>
        WriteAsync(context, error.Status, error.ErrorCode, error.Description);

    public async Task WriteAsync(HttpContext context, int status, string errorCode, string description)
    {
        var response = context.Response;
        response.StatusCode = status;
        switch (faults.ErrorBody)
        {
            case ErrorBodyStyle.Description:
                await response.WriteAsJsonAsync(new Dictionary<string, string> { ["error_code"] = errorCode, ["description"] = description });
                break;
            case ErrorBodyStyle.Message:
                await response.WriteAsJsonAsync(new Dictionary<string, string> { ["error_code"] = errorCode, ["message"] = description });
                break;
            case ErrorBodyStyle.Text:
                response.ContentType = "text/plain; charset=utf-8";
                await response.WriteAsync(description);
                break;
            case ErrorBodyStyle.Echo:
                await response.WriteAsJsonAsync(new Dictionary<string, string> { ["error_code"] = errorCode, ["description"] = $"{description} Request was: {RequestLog.BodyOf(context)}" });
                break;
            case ErrorBodyStyle.Empty:
                response.ContentLength = 0;
                break;
        }
    }
}
