namespace Portal.Purchasing;

/// The company's own purchasing rule, without the database: an order needs the company admin's approval when its
/// net value is above the buyer's order limit, or more than is left of the buyer's monthly budget. No limit set
/// means none applies. Budgets are per business month (Europe/Berlin): what counts as spent is the caller's query.
public static class PurchasingRules
{
    public sealed record Standing(decimal? OrderLimit, decimal? MonthlyBudget, decimal SpentThisMonth)
    {
        public static readonly Standing None = new(null, null, 0);

        public bool HasLimits => OrderLimit is not null || MonthlyBudget is not null;

        /// What is left of the month's budget, never below zero; null without a budget.
        public decimal? BudgetLeft => MonthlyBudget is { } budget ? Math.Max(0, budget - SpentThisMonth) : null;

        public Finding? Check(decimal orderNet)
        {
            var overLimit = OrderLimit is { } limit && orderNet > limit;
            var beyondBudget = BudgetLeft is { } left && orderNet > left;
            return overLimit || beyondBudget ? new Finding(overLimit, beyondBudget, OrderLimit, BudgetLeft) : null;
        }
    }

    public sealed record Finding(bool OverOrderLimit, bool BeyondBudget, decimal? OrderLimit, decimal? BudgetLeft);

    /// An amount a company admin may set: empty for none, else zero or more (zero: every order needs approval).
    public static string? WhyNotValid(decimal? amount) =>
        amount is < 0 ? "Please enter an amount of 0 or more, or leave the field empty for no limit."
        : amount is > 10_000_000 ? "Please enter an amount of at most 10,000,000."
        : null;
}
