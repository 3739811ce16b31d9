using ReviewQueue.Core.Common;
using ReviewQueue.Core.Reviews;

namespace ReviewQueue.App.Api;

/// <summary>One review item: read it, and act on it while holding it: <c>/api/review/items</c>.</summary>
public static class ItemEndpoints
{
    public static void MapItemEndpoints(this RouteGroupBuilder api)
    {
        var items = api.MapGroup("/review/items").WithTags("Review items");

        items.MapGet("/{itemId}", GetAsync)
            .WithName("GetItem")
            .WithSummary("Read an item with its history (MEMBER+).")
            .Produces<ItemDetailDto>();
        items.MapPost("/{itemId}/review", SubmitAsync)
            .WithName("SubmitReview")
            .WithSummary("Submit the review of an item the caller holds: APPROVED or REJECTED, with a sentiment.")
            .AcceptsJson<ReviewRequest>()
            .Produces<ItemDto>();
        items.MapPost("/{itemId}/skip", (string itemId, HttpContext context, ReviewItemService service,
                CancellationToken ct) => ActAsync(itemId, context, service.SkipAsync, ct))
            .WithName("SkipItem")
            .WithSummary("Skip an item the caller holds; it stays for later.")
            .Produces<ItemDto>();
        items.MapPost("/{itemId}/release", (string itemId, HttpContext context, ReviewItemService service,
                CancellationToken ct) => ActAsync(itemId, context, service.ReleaseAsync, ct))
            .WithName("ReleaseItem")
            .WithSummary("Give back an item the caller holds; it returns to its earlier status.")
            .Produces<ItemDto>();
        items.MapPost("/{itemId}/reopen", (string itemId, HttpContext context, ReviewItemService service,
                CancellationToken ct) => ActAsync(itemId, context, service.ReopenAsync, ct))
            .WithName("ReopenItem")
            .WithSummary("Take a decided item back into review (its reviewer, or ADMIN+).")
            .Produces<ItemDto>();
        items.MapPost("/{itemId}/renew", (string itemId, HttpContext context, ReviewItemService service,
                CancellationToken ct) => ActAsync(itemId, context, service.RenewAsync, ct))
            .WithName("RenewItem")
            .WithSummary("Extend the caller's hold on an item.")
            .Produces<ItemDto>();
    }

    private static async Task<IResult> GetAsync(string itemId, HttpContext context, ReviewItemService items,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(itemId, "itemId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);

        return ApiErrors.From(await items.GetAsync(ApiRequest.Caller(context), id.Ok, ct), ItemDetailDto.From);
    }

    private static async Task<IResult> SubmitAsync(string itemId, HttpContext context, ReviewItemService items,
        CancellationToken ct)
    {
        var id = ApiRequest.Id(itemId, "itemId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);
        var body = await ApiJson.ReadBodyAsync<ReviewRequest>(context.Request, ct: ct);
        if (!body.IsSuccess)
            return ApiErrors.Problem(body.Error!);

        var review = ReviewValues.Create(body.Ok.Decision, body.Ok.Sentiment, body.Ok.Label, body.Ok.Notes);
        if (!review.IsSuccess)
            return ApiErrors.Problem(review.Error!);

        return ApiErrors.From(await items.SubmitAsync(ApiRequest.Caller(context), id.Ok, review.Ok, ct), ItemDto.From);
    }

    private static async Task<IResult> ActAsync(string itemId, HttpContext context,
        Func<Caller, long, CancellationToken, Task<Result<ReviewItemView>>> act, CancellationToken ct)
    {
        var id = ApiRequest.Id(itemId, "itemId");
        if (!id.IsSuccess)
            return ApiErrors.Problem(id.Error!);

        return ApiErrors.From(await act(ApiRequest.Caller(context), id.Ok, ct), ItemDto.From);
    }
}
