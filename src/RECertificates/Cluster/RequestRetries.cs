using System;
using System.Threading;
using System.Threading.Tasks;

namespace RECertificates.Cluster
{
    /// <summary>
    /// Tries a request again when <see cref="RetryPolicy"/> says it is worth it, and otherwise says why it failed. A
    /// 409 (not all nodes updated) is asked again only for a write: a read answered 409 is not the documented case. A
    /// write is never sent again here once it may have arrived (no answer, or a 5xx after its body was sent): it is
    /// handed on as an <see cref="AnswerLostException"/>, for <see cref="OutcomeResolver"/> to read back before
    /// anything is re-sent. A read whose connection broke is asked again; one that timed out is not.
    /// </summary>
    internal sealed class RequestRetries
    {
        private readonly RetryPolicy _policy;
        private readonly ErrorAnswers _errors;
        private readonly SendStage _next;

        public RequestRetries(RetryPolicy policy, ErrorAnswers errors, SendStage next)
        {
            _policy = policy;
            _errors = errors;
            _next = next;
        }

        /// <returns>The successful answer; every other one ends in an exception.</returns>
        public async Task<ClusterAnswer> SendAsync(ClusterRequest request, ICallLog log, CancellationToken cancellationToken)
        {
            for (request.Attempt = 1; ; request.Attempt++)
            {
                int attempt = request.Attempt;
                ClusterAnswer answer;
                try
                {
                    answer = await _next(request, log, cancellationToken).ConfigureAwait(false);
                }
                catch (NoAnswerException unanswered)
                {
                    if (request.IsWrite)
                    {
                        // The cluster may have applied it: only a read-back can tell, never a blind second send.
                        throw new AnswerLostException(unanswered.Failure);
                    }

                    if (!unanswered.TimedOut && _policy.CanRetry(attempt))
                    {
                        await WaitBeforeRetryAsync(request, "the connection was lost", log, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw unanswered.Failure;
                }

                if (answer.IsSuccess)
                {
                    return answer;
                }

                using (answer)
                {
                    int status = answer.Status;
                    var error = ClusterErrorBody.Parse(answer.Body);
                    if (request.IsWrite && RetryPolicy.MayHaveBeenApplied(status))
                    {
                        // The whole body was sent before this answer: the change may be in.
                        throw new AnswerLostException(
                            _errors.Explain(request, status, error, attempt),
                            sends => _errors.Explain(request, status, error, attempt + sends - 1));
                    }

                    if (IsWorthAskingAgain(request, status) && _policy.CanRetry(attempt))
                    {
                        await WaitBeforeRetryAsync(request, $"{status} {answer.Reason}{(error.Description != null ? $" ({error.Description})" : string.Empty)}", log, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw _errors.Explain(request, status, error, attempt);
                }
            }
        }

        private static bool IsWorthAskingAgain(ClusterRequest request, int status) =>
            (RetryPolicy.IsRetryableStatus(status) && (status != 409 || request.IsWrite)) || RetryPolicy.IsNotAllNodesUpdated(request.Operation, status);

        private async Task WaitBeforeRetryAsync(ClusterRequest request, string why, ICallLog log, CancellationToken cancellationToken)
        {
            TimeSpan delay = _policy.GetDelay(request.Attempt);
            log.Verbose($"{request.Cluster}: attempt {request.Attempt} of {_policy.MaximumRetryCount + 1} got {why}; retrying in {delay.TotalSeconds:0.0} s.");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }
}
