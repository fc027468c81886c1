namespace CityMesh.Operator.Reconciliation;

/// <summary>
/// What a reconcile asks of the queue (controller-runtime <c>reconcile.Result</c>): nothing more, a visit after a
/// delay, or a rate-limited retry of an error; a terminal error is logged and never retried.
/// </summary>
public abstract record ReconcileResult
{
    public static readonly ReconcileResult Done = new DoneResult();

    public static ReconcileResult RequeueAfter(TimeSpan delay) => new RequeueAfterResult(delay < TimeSpan.Zero ? TimeSpan.Zero : delay);

    public static ReconcileResult Error(Exception error) => new ErrorResult(error, IsTerminal: false);

    public static ReconcileResult Terminal(Exception error) => new ErrorResult(error, IsTerminal: true);

    public sealed record DoneResult : ReconcileResult;

    public sealed record RequeueAfterResult(TimeSpan Delay) : ReconcileResult;

    public sealed record ErrorResult(Exception Exception, bool IsTerminal) : ReconcileResult;
}
