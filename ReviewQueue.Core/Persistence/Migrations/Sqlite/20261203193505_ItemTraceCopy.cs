using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReviewQueue.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ItemTraceCopy : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // SQLite drops the unindexed column in place; EF's DropColumn would rebuild the table.
            migrationBuilder.Sql("""ALTER TABLE "ReviewItems" DROP COLUMN "ClaimToken";""");

            migrationBuilder.AddColumn<string>(
                name: "TraceId",
                table: "ReviewItems",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "TraceName",
                table: "ReviewItems",
                type: "TEXT",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Items added before this migration take the copy from their trace.
            migrationBuilder.Sql("""
                UPDATE "ReviewItems" SET
                    "TraceId" = COALESCE(
                        (SELECT t."TraceId" FROM "Traces" AS t WHERE t."Key" = "ReviewItems"."TraceKey"), ''),
                    "TraceName" = COALESCE(
                        (SELECT t."Name" FROM "Traces" AS t WHERE t."Key" = "ReviewItems"."TraceKey"), '');
                """);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_QueueId_Status_ReviewedAt_Id",
                table: "ReviewItems",
                columns: new[] { "QueueId", "Status", "ReviewedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewItems_QueueId_Status_TraceName_Id",
                table: "ReviewItems",
                columns: new[] { "QueueId", "Status", "TraceName", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewItems_QueueId_Status_ReviewedAt_Id",
                table: "ReviewItems");

            migrationBuilder.DropIndex(
                name: "IX_ReviewItems_QueueId_Status_TraceName_Id",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "TraceId",
                table: "ReviewItems");

            migrationBuilder.DropColumn(
                name: "TraceName",
                table: "ReviewItems");

            migrationBuilder.AddColumn<Guid>(
                name: "ClaimToken",
                table: "ReviewItems",
                type: "TEXT",
                nullable: true);
        }
    }
}
