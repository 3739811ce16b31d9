using BenchmarkDotNet.Attributes;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.Benchmarks.Micro;

/// <summary>The validation every submit runs before it touches the database.</summary>
[MemoryDiagnoser]
public class ReviewValuesBenchmarks
{
    [Benchmark(Baseline = true)]
    public bool CreateWithoutText() =>
        ReviewValues.Create(ReviewDecision.APPROVED, Sentiment.POSITIVE, null, null).IsSuccess;

    [Benchmark]
    public bool CreateWithLabelAndNotes() =>
        ReviewValues.Create(ReviewDecision.REJECTED, Sentiment.NEGATIVE, "  wrong-order  ",
            "The answer names the wrong order number and promises a refund it cannot give.").IsSuccess;
}
