process.env.MOTLAN_TEST_ENGINE = 'postgres';
