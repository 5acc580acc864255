"""The volunteer time bank (时间银行): volunteers, their passbook of deposited and withdrawn hours,
caps from the rules, corrections as new entries. Its tables are made in carepoint.meals.schema."""
