using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

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

        orders.MapPost("", async Task<Results<Created<ApiOrderResponse>, Ok<ApiOrderResponse>, ValidationProblem, ProblemHttpResult>> (
                [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, ApiOrderRequest request, ClaimsPrincipal user, ApiOrders orders, CancellationToken cancellationToken) =>
            {
                if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > ApiOrders.MaxKeyLength)
                {
                    return ApiProblems.Invalid("Idempotency-Key", $"Send a key of your own for this order (1 to {ApiOrders.MaxKeyLength} characters) in the Idempotency-Key header; a retry sends the same.");
                }

                var clientId = int.Parse(user.FindFirst(ApiClaims.ClientId)!.Value, System.Globalization.CultureInfo.InvariantCulture);
                var outcome = await orders.PlaceAsync(clientId, idempotencyKey, request, cancellationToken);
                return outcome.Change switch
                {
                    ApiOrderChange.Placed => TypedResults.Created((string?)null, outcome.Order),
                    ApiOrderChange.Replayed => TypedResults.Ok(outcome.Order),
                    ApiOrderChange.KeyReused => ApiProblems.Conflict($"The Idempotency-Key was used for order {outcome.Order!.Number} with another request."),
                    _ => ApiProblems.Invalid(outcome.Errors!),
                };
            })
            .RequireAuthorization(ApiScopes.OrdersWrite)
            .WithName("PlaceOrder")
            .WithSummary("Places an order for a customer from its own system (channel Api): the shop's checks apply, payment on account, delivery to the default delivery address.")
            .WithDescription("Send an Idempotency-Key header: the same key with the same request answers the order placed the first time (200), the same key with another request 409. A new order answers 201; it may be held (AwaitingReview, AwaitingApproval) like one placed in the shop.");

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
