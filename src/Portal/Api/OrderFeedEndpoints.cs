using Microsoft.AspNetCore.Http.HttpResults;

namespace Portal.Api;

public sealed record AckRequest(string? ErpOrderNumber);

public sealed record AckResponse(string Number, string ErpOrderNumber, DateTimeOffset AcknowledgedAt);

public static class OrderFeedEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var orders = api.MapGroup("/orders").WithTags("Orders");

        orders.MapGet("", async Task<Results<Ok<FeedPage>, ValidationProblem>> (string? after, int? limit, OrderFeed feed, CancellationToken cancellationToken) =>
            {
                var errors = new ApiErrors();
                if (!OrderFeed.TryParseCursor(after, out var position))
                {
                    errors.Add("after", "Pass the nextCursor of the previous page, or nothing to start at the beginning.");
                }

                if (limit is < 1 or > OrderFeed.MaxLimit)
                {
                    errors.Add("limit", $"Between 1 and {OrderFeed.MaxLimit}.");
                }

                if (errors.Any)
                {
                    return errors.ToProblem();
                }

                return TypedResults.Ok(await feed.ReadAsync(position, limit ?? OrderFeed.DefaultLimit, cancellationToken));
            })
            .RequireAuthorization(ApiScopes.OrdersRead)
            .WithName("ListOrders")
            .WithSummary("The order feed: released orders in the order they were released, each exactly once.")
            .WithDescription("Store nextCursor and pass it as after on the next call; it never skips or repeats an order, also with several portal instances. An order enters the feed when it is confirmed (a card order when paid, a held one when approved).");

        orders.MapPost("/{number}/ack", async Task<Results<Ok<AckResponse>, ValidationProblem, ProblemHttpResult>> (string number, AckRequest request, ErpOrders erp, CancellationToken cancellationToken) =>
            {
                var erpNumber = request.ErpOrderNumber?.Trim();
                if (string.IsNullOrEmpty(erpNumber) || erpNumber.Length > ErpOrders.ErpNumberLength)
                {
                    return ApiProblems.Invalid("erpOrderNumber", $"The ERP's order number, 1 to {ErpOrders.ErpNumberLength} characters.");
                }

                var outcome = await erp.AcknowledgeAsync(number, erpNumber, cancellationToken);
                return outcome.Change switch
                {
                    ErpChange.NotFound => ApiProblems.NotFound($"No order {number} in the feed."),
                    ErpChange.Conflict => ApiProblems.Conflict(outcome.Detail!),
                    _ => TypedResults.Ok(new AckResponse(outcome.Order!.Number, outcome.Order.ErpOrderNumber!, outcome.Order.AcknowledgedAt!.Value)),
                };
            })
            .RequireAuthorization(ApiScopes.OrdersWrite)
            .WithName("AcknowledgeOrder")
            .WithSummary("The ERP has taken the order under its own number (shown to the buyer). Repeating the same number is harmless.");
    }
}
