using Microsoft.AspNetCore.Http.HttpResults;

namespace Portal.Api;

public sealed record ProductBatch(IReadOnlyList<ProductInput>? Items);

public sealed record PriceTiers(IReadOnlyList<TierInput>? Tiers);

public sealed record PriceBatch(IReadOnlyList<PriceInput>? Items);

public sealed record CustomerBatch(IReadOnlyList<CustomerInput>? Items);

public sealed record StockLevel(int? Quantity, int? RestockDays);

public sealed record StockBatch(IReadOnlyList<StockInput>? Items);

/// Master data in from the ERP: products and pack sizes, prices, stock (scope catalog:write) and customers (scope
/// customers:write). Each kind single (PUT on its natural key) and as a batch of up to 5,000 with a result per item.
public static class MasterDataEndpoints
{
    public static void Map(RouteGroupBuilder api)
    {
        var catalog = api.MapGroup("").WithTags("Master data").RequireAuthorization(ApiScopes.CatalogWrite);
        var customers = api.MapGroup("").WithTags("Master data").RequireAuthorization(ApiScopes.CustomersWrite);

        catalog.MapPut("/products/{sku}", async Task<Results<Ok<ItemResult>, ValidationProblem>> (string sku, ProductInput product, ErpMasterData data, CancellationToken cancellationToken) =>
                Single(await data.UpsertProductsAsync([product with { Sku = sku }], cancellationToken)))
            .WithName("PutProduct")
            .WithSummary("Creates or updates one pack size (and its product) by SKU; only the fields given change.")
            .WithDescription("A new SKU joins the product of the same name as another pack size, or makes a new product; without product, unit or pack it gets the SKU, \"piece\" and \"Unit\". An unknown category is created. Sending the same again answers Unchanged.");

        catalog.MapPost("/products/batch", async Task<Results<Ok<BatchResult>, ValidationProblem>> (ProductBatch batch, ErpMasterData data, CancellationToken cancellationToken) =>
                TooMany(batch.Items) ?? (Results<Ok<BatchResult>, ValidationProblem>)TypedResults.Ok(BatchResult.Of(await data.UpsertProductsAsync(batch.Items!, cancellationToken))))
            .WithName("PutProducts")
            .WithSummary($"Up to {ErpMasterData.MaxBatch} pack sizes at once, each as in PUT /products/{{sku}}, with a result per item.");

        catalog.MapPut("/price-lists/{priceList}/prices/{sku}", async Task<Results<Ok<ItemResult>, ValidationProblem>> (string priceList, string sku, PriceTiers price, ErpMasterData data, CancellationToken cancellationToken) =>
                Single(await data.UpsertPricesAsync([new PriceInput(priceList, sku, price.Tiers)], cancellationToken)))
            .WithName("PutPrice")
            .WithSummary("A pack size's complete tiers in one price list (net prices per pack); they replace what the list had for it.")
            .WithDescription("The first tier starts at minQuantity 1; a larger quantity may not cost more per pack. An empty list of tiers removes the pack's price from the list.");

        catalog.MapPost("/prices/batch", async Task<Results<Ok<BatchResult>, ValidationProblem>> (PriceBatch batch, ErpMasterData data, CancellationToken cancellationToken) =>
                TooMany(batch.Items) ?? (Results<Ok<BatchResult>, ValidationProblem>)TypedResults.Ok(BatchResult.Of(await data.UpsertPricesAsync(batch.Items!, cancellationToken))))
            .WithName("PutPrices")
            .WithSummary($"Up to {ErpMasterData.MaxBatch} price-list entries (priceList, sku, tiers), with a result per item.");

        catalog.MapPut("/stock/{sku}", async Task<Results<Ok<ItemResult>, ValidationProblem>> (string sku, StockLevel stock, ErpMasterData data, CancellationToken cancellationToken) =>
                Single(await data.SetStockAsync([new StockInput(sku, stock.Quantity, stock.RestockDays)], cancellationToken)))
            .WithName("PutStock")
            .WithSummary("Packs in stock of a pack size, shown in the shop as \"in stock\" or \"ships in N working days\" (restockDays, else its lead time).");

        catalog.MapPost("/stock/batch", async Task<Results<Ok<BatchResult>, ValidationProblem>> (StockBatch batch, ErpMasterData data, CancellationToken cancellationToken) =>
                TooMany(batch.Items) ?? (Results<Ok<BatchResult>, ValidationProblem>)TypedResults.Ok(BatchResult.Of(await data.SetStockAsync(batch.Items!, cancellationToken))))
            .WithName("PutStocks")
            .WithSummary($"Up to {ErpMasterData.MaxBatch} stock levels (sku, quantity, restockDays), with a result per item.");

        customers.MapPut("/customers/{number}", async Task<Results<Ok<ItemResult>, ValidationProblem>> (string number, CustomerInput customer, ErpMasterData data, CancellationToken cancellationToken) =>
                Single(await data.UpsertCustomersAsync([customer with { Number = number }], cancellationToken)))
            .WithName("PutCustomer")
            .WithSummary("Creates or updates a customer by its number: name, credit limit, blocked, revenue potential, VAT ID, language, addresses.")
            .WithDescription("Only the fields given change. Addresses, when given, are the complete set (kind billing or delivery; per kind the one with isDefault, else the first, is the default). A blocked customer cannot place orders until unblocked.");

        customers.MapPost("/customers/batch", async Task<Results<Ok<BatchResult>, ValidationProblem>> (CustomerBatch batch, ErpMasterData data, CancellationToken cancellationToken) =>
                TooMany(batch.Items) ?? (Results<Ok<BatchResult>, ValidationProblem>)TypedResults.Ok(BatchResult.Of(await data.UpsertCustomersAsync(batch.Items!, cancellationToken))))
            .WithName("PutCustomers")
            .WithSummary($"Up to {ErpMasterData.MaxBatch} customers, each as in PUT /customers/{{number}}, with a result per item.");
    }

    /// A single item: its result, or its errors as a validation problem.
    private static Results<Ok<ItemResult>, ValidationProblem> Single(IReadOnlyList<ItemResult> results) =>
        results[0] is { Outcome: ItemOutcome.Rejected } rejected ? ApiProblems.Invalid(rejected.Errors!) : TypedResults.Ok(results[0]);

    private static ValidationProblem? TooMany<T>(IReadOnlyList<T>? items) =>
        items is { Count: > 0 and <= ErpMasterData.MaxBatch } ? null : ApiProblems.Invalid("items", $"Between 1 and {ErpMasterData.MaxBatch} items.");
}
